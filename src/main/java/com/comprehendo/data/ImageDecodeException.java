package com.comprehendo.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An image file that cannot be turned into pixels. {@link #reason()} is a short human explanation
 * meant to be shown to users as is (for example {@code "truncated or corrupt image data"}); {@link
 * #getMessage()} prefixes it with the file name when there is one.
 */
public final class ImageDecodeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The broad category of the failure, for callers that branch on it rather than on text. */
  public enum Kind {
    /** The file has no bytes at all. */
    EMPTY_FILE,
    /** No image format recognises the content (a text file named {@code .jpg}, say). */
    NOT_AN_IMAGE,
    /** The format was recognised but the data ends early or is damaged. */
    CORRUPT,
    /** The declared size exceeds the decoder's pixel limit; no pixels were allocated. */
    TOO_LARGE,
    /** The file itself could not be read (missing, no permission, I/O error). */
    UNREADABLE_FILE
  }

  private final Kind kind;
  private final String reason;
  private final transient Path file;

  ImageDecodeException(Kind kind, String reason, Path file, Throwable cause) {
    super(file == null ? reason : file.getFileName() + ": " + reason, cause);
    this.kind = kind;
    this.reason = reason;
    this.file = file;
  }

  /**
   * A file whose bytes could not be read where they live (a cluster's storage), with the cause in
   * words, e.g. {@code "cannot read: no such file"}.
   */
  public static ImageDecodeException unreadableFile(String reason) {
    return new ImageDecodeException(Kind.UNREADABLE_FILE, reason, null, null);
  }

  /** What went wrong, in a few words. */
  public Kind kind() {
    return kind;
  }

  /** The short human reason, without the file name. */
  public String reason() {
    return reason;
  }

  /** The file that failed, when decoding started from a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** This failure as the (path, reason) record that scans collect; {@code path} names the file. */
  public UnreadableImage toUnreadable(Path path) {
    return new UnreadableImage(path, reason);
  }
}

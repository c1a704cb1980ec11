package com.comprehendo.platform;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of an I/O failure in a few words ("no space left on device", "permission denied", "is a
 * directory"), found in the exception's cause chain: libraries wrap the system's error in texts that
 * name no cause, such as ImageIO's "I/O error writing PNG file!" or "Caught exception during read:".
 *
 * <pre>{@code
 * catch (IOException e) {
 *   err.println("--out: cannot write " + file + ": " + IoErrors.reason(e));
 * }
 * }</pre>
 */
public final class IoErrors {

  private IoErrors() {}

  /** The most specific cause in {@code error}'s chain, lower case, without a trailing period. */
  public static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof OutputException output) {
        return output.reason();
      }
      String typed = typedReason(t);
      if (typed != null) {
        return typed;
      }
    }
    // No file-system exception: the system's text is the innermost message (e.g. "No space left on
    // device" from a stream's write), the wrappers' texts are above it.
    String message = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message == null ? error.getClass().getSimpleName() : sentenceCase(message);
  }

  private static String typedReason(Throwable t) {
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (t instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (t instanceof DirectoryNotEmptyException) {
      return "is a folder that is not empty";
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (t instanceof FileSystemException fs && fs.getReason() != null) {
      return sentenceCase(fs.getReason());
    }
    return null;
  }

  /** "No space left on device." → "no space left on device" (acronyms such as "I/O" kept). */
  private static String sentenceCase(String message) {
    String text = message.strip().lines().findFirst().orElse("");
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1);
    }
    boolean acronym = text.length() > 1 && !Character.isLowerCase(text.charAt(1));
    return text.isEmpty() || acronym ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}

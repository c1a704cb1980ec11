package com.comprehendo.platform;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output file that was not written, with a one-line message that names the file and the cause:
 * {@code cannot write out.png: no space left on device}. {@link #refused()} tells a path that
 * Comprehendo will not write to (a device, a FIFO, a link, a folder, an input of the same command)
 * from a write that failed: the first is a wrong argument, the second a failure of the work.
 */
public final class OutputException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final String reason;
  private final boolean refused;

  private OutputException(Path path, String reason, boolean refused, Throwable cause) {
    super("cannot write " + path + ": " + reason, cause);
    this.path = path;
    this.reason = reason;
    this.refused = refused;
  }

  /** Comprehendo will not write to {@code path}, e.g. "is a character device". */
  public static OutputException refused(Path path, String reason) {
    return new OutputException(path, reason, true, null);
  }

  /** Writing {@code path} failed; the reason is taken from {@code cause} (see {@link IoErrors}). */
  public static OutputException failed(Path path, Throwable cause) {
    if (cause instanceof OutputException output) {
      return output;
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof OutputException output) {
        return output; // a library wrapped ours, e.g. ImageIO's "I/O error writing PNG file!"
      }
    }
    return new OutputException(path, IoErrors.reason(cause), false, cause);
  }

  /** The file that was not written. */
  public Path path() {
    return path;
  }

  /** The cause in a few words, e.g. "permission denied". */
  public String reason() {
    return reason;
  }

  /** Whether the path was refused before writing (a wrong argument), not a failed write. */
  public boolean refused() {
    return refused;
  }
}

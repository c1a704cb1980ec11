package com.comprehendo.model;

import ai.djl.engine.EngineException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a failure from the engine means, for callers that must not depend on DJL themselves. */
public final class EngineFailures {

  private EngineFailures() {}

  /** Whether the failure is running out of heap or of native (libtorch) memory. */
  public static boolean isOutOfMemory(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      if (t instanceof EngineException && t.getMessage() != null
          && t.getMessage().toLowerCase(Locale.ROOT).contains("out of memory")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The line of a TorchScript error that the model's own code wrote ({@code RuntimeError: expects 32x32
   * pictures}): libtorch puts it last, after "The following operation failed in the TorchScript
   * interpreter." and a traceback, so the first line alone loses it. Falls back to the first line.
   */
  public static String modelMessage(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage().strip();
    String raised = null;
    Matcher matcher = RAISED.matcher(message);
    while (matcher.find()) {
      raised = matcher.group(1).strip();
    }
    String line = raised != null ? raised : message.lines().findFirst().orElse(message);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  /** A Python exception line: {@code RuntimeError: …}, {@code builtins.ValueError: …}. */
  private static final Pattern RAISED = Pattern.compile("(?m)^\\s*((?:[A-Za-z_][\\w.]*)?(?:Error|Exception): .+)$");

  /** Whether the failure is autograd finding no path from the output back to the input. */
  static boolean isDetachedFromInput(Throwable error) {
    String message = error.getMessage();
    return message != null && message.contains("does not require grad and does not have a grad_fn");
  }
}

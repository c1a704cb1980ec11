package com.comprehendo.model;

import ai.djl.engine.EngineException;
import java.util.Locale;

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
}

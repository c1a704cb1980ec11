package com.comprehendo.ui.support;

import com.comprehendo.model.EngineFailures;
import com.comprehendo.model.ModelLoadException;
import java.io.IOException;

/** Turns failures into one or two sentences for the user; stack traces go to the log only. */
public final class ErrorMessages {

  private ErrorMessages() {}

  /** The message for {@code error}, without the exception class noise. */
  public static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root && !(root instanceof ModelLoadException)) {
      if (root instanceof OutOfMemoryError) {
        break;
      }
      root = root.getCause();
    }
    if (isOutOfMemory(error)) {
      return "Out of memory. Try fewer steps or samples, or set internal_batch_size / nt_samples_batch_size / "
          + "perturbations_per_eval to a small number so fewer images go through the model at once.";
    }
    if (error instanceof ModelLoadException || root instanceof ModelLoadException) {
      return (error instanceof ModelLoadException ? error : root).getMessage();
    }
    if (error instanceof IllegalArgumentException) {
      return capitalize(error.getMessage());
    }
    String message = error.getMessage() != null ? error.getMessage() : root.getMessage();
    if (message == null || message.isBlank()) {
      message = root.getClass().getSimpleName();
    }
    if (root instanceof IOException && !message.contains(" ")) {
      message = "cannot read " + message;
    }
    return capitalize(firstLine(message));
  }

  /** Whether the failure is running out of heap or of native (libtorch) memory. */
  public static boolean isOutOfMemory(Throwable error) {
    return EngineFailures.isOutOfMemory(error);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse(text);
    return line.length() > 400 ? line.substring(0, 400) + "…" : line;
  }

  /** Capitalizes a leading word, but not a file name ("a_broken.jpg: not an image" stays as it is). */
  private static String capitalize(String text) {
    if (text == null || text.isEmpty()) {
      return "Unknown error";
    }
    int wordEnd = 0;
    while (wordEnd < text.length() && Character.isLetter(text.charAt(wordEnd))) {
      wordEnd++;
    }
    boolean plainWord = wordEnd == text.length() || " ,;:".indexOf(text.charAt(wordEnd)) >= 0;
    return plainWord ? Character.toUpperCase(text.charAt(0)) + text.substring(1) : text;
  }
}

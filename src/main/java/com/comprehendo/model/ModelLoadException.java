package com.comprehendo.model;

/**
 * A model file that cannot be used. The message is written for the user and says what to do, e.g. how
 * to export a TorchScript file.
 */
public final class ModelLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}

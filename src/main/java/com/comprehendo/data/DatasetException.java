package com.comprehendo.data;

import java.io.IOException;

/** A dataset folder or labels file that cannot be used; the message is meant for users as is. */
public class DatasetException extends IOException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}

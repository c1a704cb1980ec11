package com.comprehendo.job;

import java.util.concurrent.CancellationException;

/** Thrown by a method that saw its {@link CancellationToken} cancelled; nothing of the job is kept. */
public final class CancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  public CancelledException() {
    super("attribution cancelled");
  }
}

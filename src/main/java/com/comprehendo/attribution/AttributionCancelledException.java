package com.comprehendo.attribution;

import java.util.concurrent.CancellationException;

/** Thrown by a method that saw its {@link CancellationToken} cancelled; nothing of the job is kept. */
public final class AttributionCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  public AttributionCancelledException() {
    super("attribution cancelled");
  }
}

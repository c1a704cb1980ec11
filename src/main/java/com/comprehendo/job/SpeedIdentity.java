package com.comprehendo.job;

import java.util.Optional;

/**
 * Something whose speed can be measured and remembered across processes, such as a model on a device:
 * {@link BatchSizer} keys what it found by this identity.
 */
public interface SpeedIdentity {

  /**
   * What identifies this thing's speed across processes (for a model, the file's hash and the device),
   * so that measurements such as the fastest batch size can be kept for the next run; empty when there
   * is nothing stable to name it by.
   */
  default Optional<String> identity() {
    return Optional.empty();
  }
}

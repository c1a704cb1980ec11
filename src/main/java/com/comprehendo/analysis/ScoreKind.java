package com.comprehendo.analysis;

/** What a model's output row holds. */
public enum ScoreKind {
  /**
   * Unnormalized scores (the usual classifier head); softmax and the loss are computed from them
   * with log-sum-exp. Log-probabilities ({@code log_softmax} outputs) can be passed as logits too:
   * their log-softmax is themselves.
   */
  LOGITS,
  /**
   * Probabilities that already sum to 1 (a model ending in softmax); used as given, and the loss is
   * {@code −ln(max(p, 1e-12))} since the exact log-probability is no longer available.
   */
  PROBABILITIES
}

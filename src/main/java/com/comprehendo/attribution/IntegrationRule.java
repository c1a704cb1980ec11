package com.comprehendo.attribution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The path-integral approximations of Captum's {@code approximation_methods.py}: where on the straight
 * path from baseline to input the gradient is sampled (α) and with what weight (w).
 */
public enum IntegrationRule {
  RIEMANN_LEFT,
  RIEMANN_RIGHT,
  RIEMANN_MIDDLE,
  /** Quirk kept from Captum: the end weights are 1/(2n) but the rest stay 1/n, so they sum to (n−1)/n. */
  RIEMANN_TRAPEZOID,
  GAUSS_LEGENDRE;

  /** Parses Captum's spelling ({@code gausslegendre}, {@code riemann_left}, ...). */
  public static IntegrationRule parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "riemann_left":
        return RIEMANN_LEFT;
      case "riemann_right":
        return RIEMANN_RIGHT;
      case "riemann_middle":
        return RIEMANN_MIDDLE;
      case "riemann_trapezoid":
        return RIEMANN_TRAPEZOID;
      case "gausslegendre":
      case "gauss_legendre":
        return GAUSS_LEGENDRE;
      default:
        throw new IllegalArgumentException(
            "unknown integration method '" + text
                + "' (allowed: gausslegendre, riemann_left, riemann_right, riemann_middle, riemann_trapezoid)");
    }
  }

  /** Captum's spelling. */
  public String captumName() {
    return this == GAUSS_LEGENDRE ? "gausslegendre" : name().toLowerCase(Locale.ROOT);
  }

  /**
   * Rejects a step count this rule cannot use, without computing anything (builders call it, and they
   * run on each keystroke of the explorer's parameter fields).
   */
  public void requireSteps(int n) {
    if (n < 1 || (this != GAUSS_LEGENDRE && n < 2)) {
      throw new IllegalArgumentException(
          "n_steps must be " + (this == GAUSS_LEGENDRE ? "at least 1" : "at least 2 for Riemann rules") + ", got " + n);
    }
  }

  /** The path positions α_k, k = 0..n−1, as float32 (the precision Captum multiplies them in). */
  public float[] alphas(int n) {
    requireSteps(n);
    switch (this) {
      case RIEMANN_LEFT:
        return torchLinspace(0f, 1f - 1f / n, n);
      case RIEMANN_RIGHT:
        return torchLinspace(1f / n, 1f, n);
      case RIEMANN_MIDDLE:
        return torchLinspace(1f / (2f * n), 1f - 1f / (2f * n), n);
      case RIEMANN_TRAPEZOID:
        return torchLinspace(0f, 1f, n);
      case GAUSS_LEGENDRE:
        double[] nodes = GaussLegendre.nodes(n);
        float[] alphas = new float[n];
        for (int k = 0; k < n; k++) {
          alphas[k] = (float) (0.5 * (1 + nodes[k]));
        }
        return alphas;
      default:
        throw new AssertionError(this);
    }
  }

  /** The weights w_k as float32, as Captum's {@code torch.tensor(step_sizes)} holds them. */
  public float[] weights(int n) {
    requireSteps(n);
    float[] weights = new float[n];
    if (this == GAUSS_LEGENDRE) {
      double[] w = GaussLegendre.weights(n);
      for (int k = 0; k < n; k++) {
        weights[k] = (float) (0.5 * w[k]);
      }
      return weights;
    }
    double step = 1.0 / n;
    java.util.Arrays.fill(weights, (float) step);
    if (this == RIEMANN_TRAPEZOID) {
      weights[0] = (float) (step / 2);
      weights[n - 1] = (float) (step / 2);
    }
    return weights;
  }

  /**
   * {@code torch.linspace(start, end, steps)} in float32: the first half counts up from start, the
   * second half down from end, so both ends are exact (ATen's kernel does the same).
   */
  static float[] torchLinspace(float start, float end, int steps) {
    float[] values = new float[steps];
    if (steps == 1) {
      values[0] = start;
      return values;
    }
    float step = (end - start) / (steps - 1);
    int half = steps / 2;
    for (int i = 0; i < steps; i++) {
      values[i] = i < half ? start + step * i : end - step * (steps - i - 1);
    }
    return values;
  }

  /**
   * Gauss–Legendre quadrature on [−1, 1] by Newton's iteration on the Legendre polynomial: O(n) per node
   * and iteration (the three-term recurrence), so O(n²) for a rule; kept per n for the last few n, since
   * a run asks for α and w of the same n on every image.
   */
  static final class GaussLegendre {
    private static final int CACHED_RULES = 4;
    private static final Map<Integer, double[][]> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, double[][]> eldest) {
        return size() > CACHED_RULES;
      }
    };
    private static final AtomicLong COMPUTED = new AtomicLong();

    private GaussLegendre() {}

    static double[] nodes(int n) {
      return cached(n)[0];
    }

    static double[] weights(int n) {
      return cached(n)[1];
    }

    /** How many rules were computed (not taken from the cache) since the JVM started; for tests. */
    static long computedRules() {
      return COMPUTED.get();
    }

    private static double[][] cached(int n) {
      synchronized (CACHE) {
        double[][] rule = CACHE.get(n);
        if (rule != null) {
          return rule;
        }
      }
      double[][] rule = compute(n); // outside the lock: a large n takes seconds
      synchronized (CACHE) {
        CACHE.put(n, rule);
      }
      return rule;
    }

    /** Nodes ascending (as numpy's leggauss) and weights. Callers must not change the arrays (cached). */
    static double[][] compute(int n) {
      COMPUTED.incrementAndGet();
      double[] x = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < (n + 1) / 2; i++) {
        double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
        double derivative = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
          double[] pd = legendre(n, z);
          derivative = pd[1];
          double dz = pd[0] / derivative;
          z -= dz;
          if (Math.abs(dz) < 1e-16) {
            break;
          }
        }
        derivative = legendre(n, z)[1];
        x[i] = -z;
        x[n - 1 - i] = z;
        double weight = 2.0 / ((1 - z * z) * derivative * derivative);
        w[i] = weight;
        w[n - 1 - i] = weight;
      }
      if (n % 2 == 1) {
        x[n / 2] = 0.0;
      }
      return new double[][] {x, w};
    }

    /** P_n(z) and P_n'(z). */
    private static double[] legendre(int n, double z) {
      double p0 = 1;
      double p1 = z;
      if (n == 0) {
        return new double[] {1, 0};
      }
      for (int k = 2; k <= n; k++) {
        double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      double derivative = n * (z * p1 - p0) / (z * z - 1);
      return new double[] {p1, derivative};
    }
  }
}

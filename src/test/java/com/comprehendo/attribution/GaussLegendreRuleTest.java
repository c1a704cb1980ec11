package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Gauss–Legendre rules are O(n²) to compute (seconds at n = 100000), so building a method (which the
 * explorer does on each keystroke, on its UI thread) must not compute one, and a run computes each n once.
 */
class GaussLegendreRuleTest {

  @Test
  void buildingMethodsWithManyStepsComputesNoRule() {
    long before = IntegrationRule.GaussLegendre.computedRules();
    IntegratedGradients.builder().optSteps(BuiltInMethods.MAX_PASSES_PARAMETER)
        .optRule(IntegrationRule.GAUSS_LEGENDRE).build();
    new LayerConductance("block4", BuiltInMethods.MAX_PASSES_PARAMETER - 1, IntegrationRule.GAUSS_LEGENDRE,
        Baseline.zero(), null);
    assertEquals(before, IntegrationRule.GaussLegendre.computedRules());
  }

  @Test
  void badStepCountsAreStillRefusedAtBuildTime() {
    assertThrows(IllegalArgumentException.class,
        () -> IntegratedGradients.builder().optSteps(0).optRule(IntegrationRule.GAUSS_LEGENDRE).build());
    assertThrows(IllegalArgumentException.class,
        () -> IntegratedGradients.builder().optSteps(1).optRule(IntegrationRule.RIEMANN_TRAPEZOID).build());
  }

  @Test
  void eachRuleIsComputedOncePerStepCount() {
    float[] first = IntegrationRule.GAUSS_LEGENDRE.alphas(777);
    long computed = IntegrationRule.GaussLegendre.computedRules();
    float[] again = IntegrationRule.GAUSS_LEGENDRE.alphas(777);
    IntegrationRule.GAUSS_LEGENDRE.weights(777);
    assertEquals(computed, IntegrationRule.GaussLegendre.computedRules());
    assertArrayEquals(first, again);
  }

  @Test
  void threePointRuleIsTheTextbookOne() {
    double[] nodes = IntegrationRule.GaussLegendre.nodes(3);
    double[] weights = IntegrationRule.GaussLegendre.weights(3);
    assertArrayEquals(new double[] {-Math.sqrt(0.6), 0, Math.sqrt(0.6)}, nodes, 1e-15);
    assertArrayEquals(new double[] {5.0 / 9, 8.0 / 9, 5.0 / 9}, weights, 1e-15);
  }
}

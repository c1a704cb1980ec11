package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignAndMethodTest {

  @Test
  void signsParseTheirCaptumNames() {
    assertEquals(Sign.ALL, Sign.parse("all"));
    assertEquals(Sign.POSITIVE, Sign.parse("positive"));
    assertEquals(Sign.NEGATIVE, Sign.parse("NEGATIVE"));
    assertEquals(Sign.ABSOLUTE_VALUE, Sign.parse("absolute_value"));
    assertEquals("absolute_value", Sign.ABSOLUTE_VALUE.cliName());
    assertEquals(-1f, Sign.ALL.vmin());
    assertEquals(0f, Sign.POSITIVE.vmin());
    assertEquals(1f, Sign.NEGATIVE.vmax());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sign.parse("abs"));
    assertEquals(
        "unknown sign 'abs'; allowed: all, positive, negative, absolute_value", e.getMessage());
  }

  @Test
  void methodsParseTheirCaptumNames() {
    for (VisualizationMethod method : VisualizationMethod.values()) {
      assertEquals(method, VisualizationMethod.parse(method.cliName()));
    }
    assertEquals(
        VisualizationMethod.BLENDED_HEAT_MAP, VisualizationMethod.parse("Blended_Heat_Map"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VisualizationMethod.parse("overlay"));
    assertEquals(
        "unknown method 'overlay'; allowed: heat_map, blended_heat_map, original_image, "
            + "masked_image, alpha_scaling",
        e.getMessage());
  }

  @Test
  void maskedImageAndAlphaScalingRefuseSignAll() {
    assertFalse(VisualizationMethod.MASKED_IMAGE.accepts(Sign.ALL));
    assertFalse(VisualizationMethod.ALPHA_SCALING.accepts(Sign.ALL));
    assertTrue(VisualizationMethod.MASKED_IMAGE.accepts(Sign.POSITIVE));
    assertTrue(VisualizationMethod.HEAT_MAP.accepts(Sign.ALL));
    assertTrue(VisualizationMethod.BLENDED_HEAT_MAP.accepts(Sign.ALL));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VisualizationMethod.ALPHA_SCALING.checkSign(Sign.ALL));
    assertTrue(e.getMessage().contains("alpha_scaling"), e.getMessage());
    assertTrue(e.getMessage().contains("sign all"), e.getMessage());
  }

  @Test
  void onlyHeatMapWorksWithoutAnImage() {
    for (VisualizationMethod method : VisualizationMethod.values()) {
      assertEquals(method != VisualizationMethod.HEAT_MAP, method.needsImage(), method.cliName());
    }
  }
}

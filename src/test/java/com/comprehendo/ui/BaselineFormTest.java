package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.comprehendo.ui.service.BaselineForm;
import com.comprehendo.ui.service.BaselineForm.Kind;
import com.comprehendo.ui.service.MethodChoice;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The baseline editor's kind and setting, to and from the text the engine parses. */
class BaselineFormTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|CONSTANT|0",
      "-1.5|CONSTANT|-1.5",
      "black|BLACK|''",
      "Black|BLACK|''",
      "blur|BLUR|''",
      "blur:4|BLUR|4",
      "noise|NOISE|''",
      "noise:12|NOISE|12",
      "/tmp/b.npy|FILE|/tmp/b.npy"})
  void textReadsAsAKindAndASettingAndBack(String text, Kind kind, String argument) {
    BaselineForm form = BaselineForm.parse(text);
    assertEquals(kind, form.kind());
    assertEquals(argument, form.argument());
    assertEquals(text.equals("Black") ? "black" : text, form.text());
  }

  @Test
  void blankSettingsLeaveTheEnginesDefaults() {
    assertEquals("blur", new BaselineForm(Kind.BLUR, " ").text());
    assertEquals("noise", new BaselineForm(Kind.NOISE, null).text());
    assertEquals("black", new BaselineForm(Kind.BLACK, "ignored").text());
    assertEquals("", BaselineForm.parse("").text());
    assertEquals(Kind.CONSTANT, BaselineForm.parse("").kind());
  }

  @Test
  void summariesNameTheBaselineWhenItIsNotCaptumsDefault() {
    assertEquals("50 steps, gausslegendre", MethodChoice.of("ig", Map.of("baselines", "0")).shortSummary());
    assertEquals("50 steps, gausslegendre, blurred baseline (σ 10)",
        MethodChoice.of("ig", Map.of("baselines", "blur")).shortSummary());
    assertEquals("50 steps, gausslegendre, black baseline",
        MethodChoice.of("ig", Map.of("baselines", "black")).shortSummary());
    assertEquals("5 samples", MethodChoice.of("gradient-shap", Map.of("baselines", "/tmp/x.npy")).shortSummary());
    assertEquals("5 samples, noise baseline (seed 3)",
        MethodChoice.of("gradient-shap", Map.of("baselines", "noise:3")).shortSummary());
  }
}

package com.comprehendo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void doublesAndFloatsRoundTrip() {
    double[] doubles = {0.1 + 0.2, 1.2345678901234567e-7, 123456.789012345, -0.0, Double.MIN_VALUE, 1e300};
    for (double value : doubles) {
      JsonObject read = JsonParser.parseString(Json.write(Map.of("v", value))).getAsJsonObject();
      assertEquals(value, read.get("v").getAsDouble(), 0.0, "round trip of " + value);
    }
    // The old hand-written writer kept 6 significant digits: 0.30000000000000004 became 0.300000.
    assertEquals("{\"v\":0.30000000000000004}", Json.write(Map.of("v", 0.1 + 0.2)));
    assertEquals("[-1.2E-4,3.4028235E38]", Json.write(new float[] {-1.2e-4f, Float.MAX_VALUE}));
  }

  @Test
  void nonFiniteNumbersAreNull() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("nan", Double.NaN);
    values.put("inf", Double.POSITIVE_INFINITY);
    values.put("floats", new float[] {1f, Float.NaN, Float.NEGATIVE_INFINITY});
    values.put("boxed", List.of(Float.NaN, 2.5f));
    values.put("missing", null);

    assertEquals("{\"nan\":null,\"inf\":null,\"floats\":[1.0,null,null],\"boxed\":[null,2.5],\"missing\":null}",
        Json.write(values));
  }

  @Test
  void textIsNotHtmlEscaped() {
    assertEquals("{\"path\":\"<a>'b'=c\\n\"}", Json.write(Map.of("path", "<a>'b'=c\n")));
  }
}

package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.MethodFactory;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.ui.service.MethodCatalog;
import com.comprehendo.ui.service.ParameterSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The editor never offers a parameter the engine refuses, and every default builds a method. */
class MethodCatalogTest {

  @Test
  void everyEditorParameterIsAcceptedByTheEngine() {
    for (String id : MethodCatalog.methodIds()) {
      for (String inner : id.equals("noise-tunnel") ? MethodCatalog.NOISE_TUNNEL_INNER : java.util.List.of("")) {
        Set<String> accepted = MethodFactory.acceptedParameters(id, inner.isEmpty() ? null : inner);
        for (ParameterSpec spec : MethodCatalog.parameters(id, inner, Preprocessing.imagenetDefault(), null)) {
          assertTrue(accepted.contains(spec.name()), id + "/" + inner + " does not accept " + spec.name());
        }
      }
    }
  }

  @Test
  void occlusionCostUsesTheModelsInputSize() {
    Preprocessing input = Preprocessing.imagenetDefault();
    var choice = MethodCatalog.defaultChoice("occlusion", input, null);
    assertEquals("3,22,22", choice.parameters().get("sliding_window_shapes"));
    // (224 − 22) / 11 → 19 starts past the first, so 20 windows per side, plus the unoccluded pass.
    assertEquals(1 + 20 * 20, MethodCatalog.cost(choice.create(input), input).total());
  }
}

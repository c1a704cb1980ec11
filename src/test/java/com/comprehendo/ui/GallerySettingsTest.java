package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.ui.gallery.GalleryMap;
import com.comprehendo.ui.gallery.GallerySettingsViewModel;
import com.comprehendo.ui.gallery.GalleryViewModel;
import com.comprehendo.ui.parameters.ParameterField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.collections.MapChangeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery's settings editor on the current thread with a fake model: an edit changes the cost for
 * the whole set before it is applied; Apply computes every map again with the new settings (none of the
 * old settings' maps stays); a refused value shows one line at its field and is never applied; Reset
 * goes back to the gallery's own settings.
 */
class GallerySettingsTest {

  private static final Pattern PASSES = Pattern.compile("([\\d,]+) passes for (\\d+) images");

  @TempDir Path dir;
  private Path folder;

  @BeforeEach
  void createImages() throws Exception {
    folder = Fixtures.standInModelAndPets(dir);
  }

  @Test
  void anEditChangesTheCostForTheSetAndApplyComputesEveryMapAgainWithIt() {
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      GalleryViewModel gallery = igGalleryOn(harness);
      GallerySettingsViewModel editor = gallery.settingsEditor();
      Map<Path, GalleryMap> at16 = new HashMap<>(gallery.maps());
      assertEquals(6, at16.size());
      assertEquals("16", steps(editor).value(), "the editor starts at the gallery's own settings");
      long passesAt16 = passes(gallery.costTextProperty().get());
      assertEquals(passesAt16, passes(editor.costTextProperty().get()));
      assertTrue(editor.appliedTextProperty().get().contains("n_steps 16"), editor.appliedTextProperty().get());
      assertFalse(editor.canApplyProperty().get(), "nothing edited, nothing to apply");

      steps(editor).valueProperty().set("32");
      assertEquals(2 * passesAt16, passes(editor.costTextProperty().get()), "twice the steps, twice the passes");
      assertTrue(editor.costTextProperty().get().contains("32 steps"), editor.costTextProperty().get());
      assertEquals(passesAt16, passes(gallery.costTextProperty().get()), "the row shows what runs until Apply");
      assertTrue(editor.canApplyProperty().get());

      int before = harness.explainer().attributions.get();
      List<Integer> sizesWhenMapsArrive = new ArrayList<>();
      gallery.maps().addListener((MapChangeListener<Path, GalleryMap>) change -> {
        if (change.wasAdded()) {
          sizesWhenMapsArrive.add(gallery.maps().size());
        }
      });
      boolean[] applied = new boolean[1];
      editor.apply(() -> applied[0] = true);

      assertTrue(applied[0]);
      assertEquals(Map.of("n_steps", "32"), gallery.settingsProperty().get());
      assertEquals(6, harness.explainer().attributions.get() - before, "every map computed again");
      for (AttributionMethod asked : asked(harness, before)) {
        assertEquals(32, ((Number) asked.parameters().get("n_steps")).intValue());
      }
      assertEquals(1, sizesWhenMapsArrive.get(0), "the old maps went before the first new one came");
      assertEquals(6, gallery.maps().size());
      for (Path image : at16.keySet()) {
        assertFalse(Arrays.equals(at16.get(image).summed().values(), gallery.maps().get(image).summed().values()),
            image + " shows its 32-step map, not the 16-step one");
      }
      assertEquals(2 * passesAt16, passes(gallery.costTextProperty().get()), "the row's cost follows the settings");
      assertTrue(editor.appliedTextProperty().get().contains("n_steps 32"), editor.appliedTextProperty().get());
      assertFalse(editor.canApplyProperty().get(), "applied");

      editor.reset();
      assertEquals(Map.of(), gallery.settingsProperty().get());
      assertEquals("16", steps(editor).value());
      assertEquals(passesAt16, passes(gallery.costTextProperty().get()));
    }
  }

  @Test
  void aRefusedValueShowsOneLineAtItsFieldAndIsNeverApplied() {
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      GalleryViewModel gallery = igGalleryOn(harness);
      GallerySettingsViewModel editor = gallery.settingsEditor();
      String cost = gallery.costTextProperty().get();
      for (String bad : List.of("0", "-1", "NaN", "2147483648", "1000000000000", "", "  ", "many")) {
        int before = harness.explainer().attributions.get();
        steps(editor).valueProperty().set(bad);
        String message = editor.validationMessageProperty().get();
        assertTrue(message.startsWith("n_steps"), "'" + bad + "': " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(message, steps(editor).problemProperty().get(), "shown at the field");
        assertFalse(editor.canApplyProperty().get());
        assertEquals("", editor.costTextProperty().get());
        boolean[] applied = new boolean[1];
        editor.apply(() -> applied[0] = true);
        assertFalse(applied[0], bad);
        assertEquals(Map.of(), gallery.settingsProperty().get(), bad);
        assertEquals(before, harness.explainer().attributions.get(), "nothing computed for '" + bad + "'");
        assertEquals(cost, gallery.costTextProperty().get());
      }
      assertEquals("n_steps is empty: type a value (the gallery's is 16)", validate(editor, "n_steps", ""));
      assertEquals("n_steps must be at least 1, got 0", validate(editor, "n_steps", "0"));
      steps(editor).valueProperty().set("24");
      assertEquals("", editor.validationMessageProperty().get());
      assertEquals("", steps(editor).problemProperty().get(), "the mark goes with the problem");

      // A baseline file is read before it is applied, in the background: a missing one is refused at its field.
      ParameterField baselines = editor.parameter("baselines").orElseThrow();
      baselines.valueProperty().set(dir.resolve("missing.npy").toString());
      assertTrue(editor.canApplyProperty().get(), "no file is read while typing");
      editor.apply(() -> { });
      assertEquals(Map.of(), gallery.settingsProperty().get());
      assertTrue(baselines.problemProperty().get().startsWith("baselines: '"), baselines.problemProperty().get());
      assertFalse(editor.canApplyProperty().get());

      // Another method: its own parameters, from the gallery's settings.
      gallery.methodProperty().set("occlusion");
      assertTrue(editor.parameter("n_steps").isEmpty());
      assertTrue(editor.parameter("sliding_window_shapes").isPresent());
      assertEquals("", editor.validationMessageProperty().get());
    }
  }

  @Test
  void noiseTunnelOverIgTakesIgsParametersAndLeavesSaliencysBehind() {
    try (ExplorerHarness harness = new ExplorerHarness().open(dir.resolve("model.pt"), folder)) {
      GalleryViewModel gallery = harness.viewModel.dataset().gallery();
      GallerySettingsViewModel editor = gallery.settingsEditor();
      gallery.methodProperty().set("noise-tunnel");
      assertTrue(editor.parameter("abs").isPresent(), "over Saliency, the gallery's NoiseTunnel");
      editor.parameter("nt_inner").orElseThrow().valueProperty().set("ig");
      editor.parameter("nt_samples").orElseThrow().valueProperty().set("2");
      assertTrue(editor.parameter("abs").isEmpty());
      editor.parameter("n_steps").orElseThrow().valueProperty().set("4");
      assertEquals("", editor.validationMessageProperty().get());
      editor.apply(() -> { });
      gallery.enabledProperty().set(true);
      assertEquals(6, gallery.maps().size(), gallery.costTextProperty().get());
      assertEquals("ig", gallery.settingsProperty().get().get("nt_inner"));
      assertTrue(gallery.costTextProperty().get().contains("of ig"), gallery.costTextProperty().get());
    }
  }

  /** The harness's gallery, IG chosen and switched on (its maps computed). */
  private static GalleryViewModel igGalleryOn(ExplorerHarness harness) {
    GalleryViewModel gallery = harness.viewModel.dataset().gallery();
    gallery.methodProperty().set("ig");
    gallery.enabledProperty().set(true);
    return gallery;
  }

  private static String validate(GallerySettingsViewModel editor, String name, String value) {
    editor.parameter(name).orElseThrow().valueProperty().set(value);
    return editor.validationMessageProperty().get();
  }

  private static ParameterField steps(GallerySettingsViewModel editor) {
    return editor.parameter("n_steps").orElseThrow();
  }

  private static List<AttributionMethod> asked(ExplorerHarness harness, int from) {
    List<AttributionMethod> methods = harness.explainer().methods;
    return methods.subList(methods.size() - (harness.explainer().attributions.get() - from), methods.size());
  }

  /** The passes for the whole set in a cost text, e.g. 96 in "…, 16 steps · 96 passes for 6 images". */
  private static long passes(String costText) {
    Matcher matcher = PASSES.matcher(costText);
    assertTrue(matcher.find(), costText);
    assertEquals("6", matcher.group(2), costText);
    return Long.parseLong(matcher.group(1).replace(",", ""));
  }
}

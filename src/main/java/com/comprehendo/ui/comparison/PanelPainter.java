package com.comprehendo.ui.comparison;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.render.Sign;
import com.comprehendo.render.ThresholdProfile;
import com.comprehendo.ui.heatmap.HeatmapPainter;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.RenderedImage;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.FigureComposer;
import com.comprehendo.ui.support.Formats;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * Draws the comparison's panels from their results with the live display settings: each normalized on
 * its own, or, with the shared scale on, all by one threshold over the union of their maps (kept as a
 * {@link ThresholdProfile}, so moving the outlier slider re-asks it instead of re-sorting every map),
 * with the shared colour bar. Also the panels as a figure for the PNG export. UI thread only.
 */
final class PanelPainter {

  private final ObservableList<ComparisonPanel> panels;
  private final ObjectProperty<CurrentImage> image;
  private final HeatmapSettings settings;
  private final BooleanProperty sharedScale;

  private final ObjectProperty<RenderedImage> colorBar = new SimpleObjectProperty<>(this, "colorBar");
  private final StringProperty barLow = new SimpleStringProperty(this, "barLow", "");
  private final StringProperty barHigh = new SimpleStringProperty(this, "barHigh", "");
  private final IntegerProperty renderCount = new SimpleIntegerProperty(this, "renderCount");
  private final StringProperty scaleWarning = new SimpleStringProperty(this, "scaleWarning", "");
  /** Each result's own threshold profile, for the shared scale's per-panel notes (by identity). */
  private final Map<AttributionResult, ThresholdProfile> ownProfiles = new IdentityHashMap<>();

  private List<AttributionResult> profiledResults = List.of();
  private ThresholdProfile sharedProfile;

  PanelPainter(ObservableList<ComparisonPanel> panels, ObjectProperty<CurrentImage> image, HeatmapSettings settings,
      BooleanProperty sharedScale) {
    this.panels = panels;
    this.image = image;
    this.settings = settings;
    this.sharedScale = sharedScale;
  }

  ReadOnlyObjectProperty<RenderedImage> colorBarProperty() {
    return colorBar;
  }

  ReadOnlyStringProperty barLowProperty() {
    return barLow;
  }

  ReadOnlyStringProperty barHighProperty() {
    return barHigh;
  }

  /**
   * Under the shared scale, when the panels are different methods whose values lie more than {@link
   * #UNITS_APART} times apart (Occlusion's output differences against gradients): which reach how far,
   * so panels that look empty are not taken for zero; empty otherwise.
   */
  ReadOnlyStringProperty scaleWarningProperty() {
    return scaleWarning;
  }

  /** Own scales further apart than this make a shared scale over methods misleading. */
  static final double UNITS_APART = 10;

  /** Bumped after every re-draw (tests wait on it). */
  ReadOnlyIntegerProperty renderCountProperty() {
    return renderCount;
  }

  /** Re-draws every panel with the current settings; no attribution is recomputed. */
  void render() {
    CurrentImage current = image.get();
    if (current == null) {
      return;
    }
    List<AttributionResult> results = panels.stream()
        .map(p -> p.resultProperty().get()).filter(r -> r != null).toList();
    Float shared = null;
    Sign sign = settings.sign();
    if (sharedScale.get() && !results.isEmpty()) {
      if (sharedProfile == null || sharedProfile.sign() != sign || !sameResults(results)) {
        // One profile of the union of all panels: AttributionNormalizer.sharedThreshold's rule, kept
        // so that the outlier slider re-asks it in a binary search instead of re-sorting every map.
        sharedProfile = ThresholdProfile.of(results.stream().map(r -> r.summed().values()).toList(), sign);
        profiledResults = results;
      }
      shared = sharedProfile.threshold(settings.outlierPercent());
    }
    ownProfiles.keySet().removeIf(kept -> results.stream().noneMatch(result -> result == kept));
    ComparisonPanel largest = null;
    ComparisonPanel smallest = null;
    double largestScale = 0;
    double smallestScale = Double.POSITIVE_INFINITY;
    for (ComparisonPanel panel : panels) {
      AttributionResult result = panel.resultProperty().get();
      if (result == null) {
        continue;
      }
      try {
        HeatmapPainter.Painting painting = HeatmapPainter.paint(current.prepared().pixels(), result, settings, shared);
        panel.imageProperty().set(painting.image());
        // A layer map says where it comes from and at what resolution ("block4 · 8×8, 96 channels summed").
        Optional<String> layer = result.layerSource();
        String source = layer.map(text -> text + " · ").orElse("");
        if (shared == null) {
          double[] range = HeatmapPainter.barRange(sign, painting.threshold());
          panel.scaleProperty().set(source + "full colour at " + Formats.value(range[1]));
          continue;
        }
        double own = ownThreshold(result, sign);
        double ratio = own / shared;
        panel.scaleProperty().set(ratio >= 1 / UNITS_APART ? layer.orElse("")
            : source + "own scale " + Formats.value(HeatmapPainter.barRange(sign, (float) own)[1]) + ", "
                + Formats.value(1 / ratio) + "× below the shared one: faint, not zero");
        if (own > largestScale) {
          largestScale = own;
          largest = panel;
        }
        if (own > 0 && own < smallestScale) {
          smallestScale = own;
          smallest = panel;
        }
      } catch (IllegalArgumentException e) {
        panel.stateProperty().set(e.getMessage());
      }
    }
    boolean severalMethods = panels.stream().map(p -> p.key().method().methodId()).distinct().count() > 1;
    scaleWarning.set(shared != null && severalMethods && largest != null && smallest != null
        && largestScale > UNITS_APART * smallestScale
        ? "Shared scale over methods in different units: " + largest.title() + " reaches "
            + Formats.value(largestScale) + ", " + smallest.title() + " " + Formats.value(smallestScale) + " ("
            + Formats.value(largestScale / smallestScale) + "× apart), so fainter panels look empty. "
            + "Turn the shared scale off to compare where each method looks."
        : "");
    if (shared != null && settings.method().usesColormap()) {
      colorBar.set(HeatmapPainter.barGradient(settings.resolvedColormap(), 256));
      double[] range = HeatmapPainter.barRange(sign, shared);
      barLow.set(Formats.value(range[0]));
      barHigh.set(Formats.value(range[1]));
    } else {
      colorBar.set(null);
      barLow.set("");
      barHigh.set("");
    }
    renderCount.set(renderCount.get() + 1);
  }

  /** The threshold {@code result} would have on its own scale (its profile kept while the sign stays). */
  private double ownThreshold(AttributionResult result, Sign sign) {
    ThresholdProfile profile = ownProfiles.get(result);
    if (profile == null || profile.sign() != sign) {
      profile = ThresholdProfile.of(List.of(result.summed().values()), sign);
      ownProfiles.put(result, profile);
    }
    return profile.threshold(settings.outlierPercent());
  }

  private boolean sameResults(List<AttributionResult> results) {
    if (results.size() != profiledResults.size()) {
      return false;
    }
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) != profiledResults.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The finished panels as figure panels, for the PNG export. */
  List<FigureComposer.Panel> figurePanels() {
    List<FigureComposer.Panel> figure = new ArrayList<>();
    for (ComparisonPanel panel : panels) {
      RenderedImage pixels = panel.imageProperty().get();
      if (panel.resultProperty().get() != null && pixels != null) {
        String subtitle = panel.subtitle() + (panel.scaleProperty().get().isEmpty() ? "" : " · " + panel.scaleProperty().get());
        figure.add(new FigureComposer.Panel(panel.title(), subtitle, pixels.argb(), pixels.width(), pixels.height()));
      }
    }
    return figure;
  }

  /** The shared colour bar for the export, or null when panels have their own scales. */
  FigureComposer.Bar figureBar() {
    if (!sharedScale.get() || sharedProfile == null || !settings.method().usesColormap()) {
      return null;
    }
    double[] range = HeatmapPainter.barRange(settings.sign(), sharedProfile.threshold(settings.outlierPercent()));
    return new FigureComposer.Bar(settings.resolvedColormap(), range[0], range[1],
        "shared scale · " + settings.sign().cliName() + " · " + settings.method().cliName()
            + " · top " + Formats.value(settings.outlierPercent()) + "% saturated");
  }
}

package com.comprehendo.ui.heatmap;

import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.Colormap;
import com.comprehendo.render.HeatmapRenderer;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * How attributions are drawn, shared by the single view and every comparison panel: Captum's
 * visualization method, sign, colormap, overlay alpha and outlier percentage. Changing any of them
 * re-renders from the cached attribution; nothing is recomputed.
 *
 * <p>Keeps the combination valid: masked_image and alpha_scaling cannot show sign "all", so choosing
 * one of them moves the sign to absolute_value, and choosing "all" moves such a method to
 * blended_heat_map.
 */
public final class HeatmapSettings {

  /** The colormap entry that follows Captum's default for the sign. */
  public static final String AUTO_COLORMAP = "auto";

  private final ObjectProperty<VisualizationMethod> method =
      new SimpleObjectProperty<>(this, "method", VisualizationMethod.BLENDED_HEAT_MAP);
  private final ObjectProperty<Sign> sign = new SimpleObjectProperty<>(this, "sign", Sign.ABSOLUTE_VALUE);
  private final StringProperty colormap = new SimpleStringProperty(this, "colormap", AUTO_COLORMAP);
  private final DoubleProperty alpha =
      new SimpleDoubleProperty(this, "alpha", HeatmapRenderer.DEFAULT_ALPHA_OVERLAY);
  private final DoubleProperty outlierPercent =
      new SimpleDoubleProperty(this, "outlierPercent", AttributionNormalizer.DEFAULT_OUTLIER_PERC);
  private final ObservableList<String> colormapNames;
  private final StringProperty adjustmentNote = new SimpleStringProperty(this, "adjustmentNote", "");

  public HeatmapSettings() {
    List<String> names = new ArrayList<>();
    names.add(AUTO_COLORMAP);
    names.addAll(Colormap.names());
    colormapNames = FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(names));
    method.addListener((obs, old, value) -> {
      adjustmentNote.set("");
      if (value != null && !value.accepts(sign.get())) {
        String before = sign.get().cliName();
        sign.set(Sign.ABSOLUTE_VALUE);
        adjustmentNote.set(value.cliName() + " cannot show signed values: Sign changed from " + before
            + " to absolute_value");
      }
    });
    sign.addListener((obs, old, value) -> {
      adjustmentNote.set("");
      if (value != null && method.get() != null && !method.get().accepts(value)) {
        String before = method.get().cliName();
        method.set(VisualizationMethod.BLENDED_HEAT_MAP);
        adjustmentNote.set(before + " cannot show signed values: Method changed to blended_heat_map for Sign "
            + value.cliName());
      }
    });
    // The slider moves continuously; the setting, its label and the legend's "top p%" agree on 0.1 steps.
    outlierPercent.addListener((obs, old, value) -> {
      double tenths = Math.round(value.doubleValue() * 10) / 10.0;
      if (tenths != value.doubleValue()) {
        outlierPercent.set(tenths);
      }
    });
  }

  /**
   * Says what a change of one setting changed in another (masked_image switches Sign to absolute_value),
   * until the next change; empty otherwise.
   */
  public ReadOnlyStringProperty adjustmentNoteProperty() {
    return adjustmentNote;
  }

  /** The outlier percent as the controls and the legend write it, e.g. "8.5%". */
  public static String formatOutlierPercent(double percent) {
    return String.format(Locale.ROOT, "%.1f%%", percent);
  }

  /** Every property, for a view-model that re-renders on any change. */
  public Observable[] observables() {
    return new Observable[] {method, sign, colormap, alpha, outlierPercent};
  }

  public ObjectProperty<VisualizationMethod> methodProperty() {
    return method;
  }

  public ObjectProperty<Sign> signProperty() {
    return sign;
  }

  /** A name from {@link #colormapNames()}: {@value #AUTO_COLORMAP} or a {@link Colormap} name. */
  public StringProperty colormapProperty() {
    return colormap;
  }

  /** The heat map's opacity over the image for blended_heat_map, 0..1. */
  public DoubleProperty alphaProperty() {
    return alpha;
  }

  /** Captum's outlier_perc: the top share of attribution mass saturated at full colour, 0..100. */
  public DoubleProperty outlierPercentProperty() {
    return outlierPercent;
  }

  public ObservableList<String> colormapNames() {
    return colormapNames;
  }

  public VisualizationMethod method() {
    return method.get();
  }

  public Sign sign() {
    return sign.get();
  }

  /** The colormap to draw with: the chosen one, or Captum's default for the sign. */
  public Colormap resolvedColormap() {
    String name = colormap.get();
    return name == null || name.equals(AUTO_COLORMAP) ? Colormap.defaultFor(sign.get()) : Colormap.named(name);
  }

  public double alpha() {
    return Math.max(0, Math.min(1, alpha.get()));
  }

  public double outlierPercent() {
    return Math.max(0, Math.min(100, outlierPercent.get()));
  }
}

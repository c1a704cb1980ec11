package com.comprehendo.ui;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.comprehendo.render.PngWriter;
import com.comprehendo.ui.comparison.ComparisonPanel;
import com.comprehendo.ui.comparison.ComparisonViewModel;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.heatmap.HeatmapPainter;
import com.comprehendo.ui.heatmap.HeatmapSettings;
import com.comprehendo.ui.heatmap.HeatmapViewModel;
import com.comprehendo.ui.heatmap.RenderedImage;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.ExportProvenance;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.FigureComposer;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.BackgroundTask;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The explorer's exports: the heat-map view and the comparison as PNG figures, the raw attribution as
 * {@code .npy}; each written with its provenance sidecar on the file worker (composing, hashing and
 * writing never run on the UI thread). A preview or estimate is never exported as if it were the result.
 */
final class ExplorerExports {

  private final ExplorerContext context;
  private final Notices notices;
  private final ExplorerState state;
  private final AttributionViewModel attribution;
  private final ComparisonViewModel comparison;
  private final HeatmapViewModel heatmap;
  private final HeatmapSettings display;

  ExplorerExports(ExplorerContext context, Notices notices, ExplorerState state, AttributionViewModel attribution,
      ComparisonViewModel comparison, HeatmapViewModel heatmap, HeatmapSettings display) {
    this.context = context;
    this.notices = notices;
    this.state = state;
    this.attribution = attribution;
    this.comparison = comparison;
    this.heatmap = heatmap;
    this.display = display;
  }

  /** A file name for exports of the current view, e.g. "cat_001_ig_dog". */
  String suggestedName() {
    AttributionKey key = attribution.resultKeyProperty().get();
    CurrentImage current = state.currentImage.get();
    if (current == null) {
      return "comprehendo";
    }
    String stem = current.entry().fileName().replaceFirst("\\.[^.]+$", "");
    if (key == null || state.session.get() == null) {
      return stem;
    }
    return stem + "_" + key.method().methodId() + "_" + state.session.get().explainer().classNames().get(key.target());
  }

  /** Whether there is an attribution to export: a finished one, not a preview or an estimate. */
  boolean canExportAttribution() {
    return attribution.resultProperty().get() != null && !attribution.previewingProperty().get();
  }

  /** Says why nothing is exported when only a preview is shown; true when there is a result to export. */
  private boolean exportable() {
    if (attribution.resultProperty().get() == null) {
      notices.warning("Nothing to export", "Compute an attribution first.");
      return false;
    }
    if (attribution.previewingProperty().get()) {
      notices.warning("Only a preview is shown",
          "The heat map shown is a preview or an estimate, not the requested attribution: export once it is computed.");
      return false;
    }
    return true;
  }

  private Explainer explainer() {
    return state.session.get() == null ? null : state.session.get().explainer();
  }

  /** Writes the current view (the heat map with its title and colour bar) as a PNG, in the background. */
  void viewPng(Path file) {
    RenderedImage pixels = heatmap.rendered();
    CurrentImage current = state.currentImage.get();
    if (pixels == null || current == null) {
      notices.warning("Nothing to export", "Open an image first.");
      return;
    }
    if (attribution.resultProperty().get() != null && !exportable()) {
      return;
    }
    AttributionKey key = attribution.resultKeyProperty().get();
    String title = current.entry().fileName();
    String subtitle = key == null || state.session.get() == null ? ""
        : key.method().descriptor().displayName() + " · “"
            + state.session.get().explainer().classNames().get(key.target()) + "” · " + key.method().summary();
    FigureComposer.Bar bar = null;
    if (heatmap.showsAttributionProperty().get() && heatmap.colorBarProperty().get() != null) {
      AttributionResult result = attribution.resultProperty().get();
      float threshold = result.profile(display.sign()).threshold(display.outlierPercent());
      double[] range = HeatmapPainter.barRange(display.sign(), threshold);
      bar = new FigureComposer.Bar(display.resolvedColormap(), range[0], range[1], heatmap.barCaptionProperty().get());
    }
    FigureComposer.Bar figureBar = bar;
    List<FigureComposer.Panel> panels =
        List.of(new FigureComposer.Panel(title, subtitle, pixels.argb(), pixels.width(), pixels.height()));
    Explainer explainer = explainer();
    Map<String, Object> settings = heatmap.showsAttributionProperty().get() ? displaySettings() : Map.of();
    Path image = current.entry().path();
    writeFigure(file, () -> FigureComposer.compose(panels, 1, figureBar),
        () -> ExportProvenance.attribution("export the heat map view as PNG", explainer, image, key, settings));
  }

  /** Writes the comparison grid as a PNG, in the background. */
  void comparisonPng(Path file) {
    List<FigureComposer.Panel> panels = comparison.figurePanels();
    if (panels.isEmpty()) {
      notices.warning("Nothing to export", "Run a comparison first.");
      return;
    }
    FigureComposer.Bar bar = comparison.figureBar();
    int columns = panels.size() <= 4 ? panels.size() : (int) Math.ceil(Math.sqrt(panels.size()));
    // The panels figurePanels() draws: the finished ones.
    List<AttributionKey> keys = comparison.panels().stream()
        .filter(panel -> panel.resultProperty().get() != null && panel.imageProperty().get() != null)
        .map(ComparisonPanel::key).toList();
    Explainer explainer = explainer();
    Map<String, Object> settings = displaySettings();
    settings.put("shared_scale", comparison.sharedScaleProperty().get());
    writeFigure(file, () -> FigureComposer.compose(panels, columns, bar),
        () -> ExportProvenance.comparison("export the comparison as PNG", explainer, keys, settings));
  }

  /** The heat map's display settings, under the names of {@code comprehendo render}'s options. */
  private Map<String, Object> displaySettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("method", display.method().cliName());
    settings.put("sign", display.sign().cliName());
    settings.put("cmap", display.resolvedColormap().name());
    settings.put("outlier_perc", display.outlierPercent());
    settings.put("alpha_overlay", display.alpha());
    return settings;
  }

  /** Writes a figure and its provenance sidecar together, in the background (hashing included). */
  private void writeFigure(Path file, Supplier<BufferedImage> figure, Supplier<Provenance> provenance) {
    context.ioExecutor().execute(BackgroundTask.of("Exporting " + file.getFileName(), ctx -> {
      provenance.get().write(file, PngWriter.content(figure.get()));
      return file;
    }).onSuccess(written -> notices.info("Exported", written.toString()))
        .onFailure(error -> notices.error("Cannot write " + file.getFileName(), error)));
  }

  /** Writes the raw attribution (1, C, H, W) as a NumPy .npy file, in the background. */
  void npy(Path file) {
    if (!exportable()) {
      return;
    }
    AttributionResult result = attribution.resultProperty().get();
    NpyArray array = new NpyArray(result.batchShape(), result.values().clone());
    AttributionKey key = attribution.resultKeyProperty().get();
    Explainer explainer = explainer();
    Path image = key != null ? key.image()
        : state.currentImage.get() == null ? null : state.currentImage.get().entry().path();
    context.ioExecutor().execute(BackgroundTask.of("Exporting " + file.getFileName(), ctx -> {
      ExportProvenance.attribution("export the attribution as .npy", explainer, image, key, Map.of())
          .write(file, array::write);
      return file;
    }).onSuccess(written -> notices.info("Exported", written + " · shape "
            + Arrays.toString(result.batchShape()) + ", float32"))
        .onFailure(error -> notices.error("Cannot write " + file.getFileName(), error)));
  }
}

package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.support.Formats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dataset grid: which predictions it shows (by correctness, true class and predicted class), in
 * which order, and which tile is selected. UI thread only.
 *
 * <p>While a run adds predictions, only the new ones are filtered, sorted and merged in (linear in
 * the dataset, where a full sort of tens of thousands several times a second would load the UI
 * thread); a new filter, order or run sorts afresh.
 *
 * <pre>{@code
 * grid.show(results);
 * grid.filterCell(0, 1);   // the cats predicted as dogs
 * grid.tiles();            // those predictions, top losses first
 * }</pre>
 */
public final class TileGrid {

  private final DatasetViewModel.ExplainOpener opener;

  private final ObservableList<ImagePrediction> tiles = FXCollections.observableArrayList();
  private final ObjectProperty<TileScope> scope = new SimpleObjectProperty<>(this, "scope", TileScope.ALL);
  private final ObservableList<ClassChoice> classChoices = FXCollections.observableArrayList(ClassChoice.ANY);
  private final ObjectProperty<ClassChoice> actualFilter =
      new SimpleObjectProperty<>(this, "actualFilter", ClassChoice.ANY);
  private final ObjectProperty<ClassChoice> predictedFilter =
      new SimpleObjectProperty<>(this, "predictedFilter", ClassChoice.ANY);
  private final ObjectProperty<TileOrder> order = new SimpleObjectProperty<>(this, "order", TileOrder.LOSS);
  private Function<Path, OptionalDouble> energyInBox = path -> OptionalDouble.empty();
  private int localizationVersion;
  private final ObjectProperty<ImagePrediction> selected = new SimpleObjectProperty<>(this, "selected");
  private final StringProperty tileCountText = new SimpleStringProperty(this, "tileCountText", "");

  /** The results the tiles come from, or null. */
  private DatasetResults results;
  private boolean adjustingFilters;
  /** Changes whenever results are cleared, so the tiles are never extended across runs. */
  private int resultsGeneration;
  private ShownKey shownKey;
  /** How many of the results' predictions the shown tiles were computed from. */
  private int shownCount;

  /** @param opener shows an image in the Explain tab */
  TileGrid(DatasetViewModel.ExplainOpener opener) {
    this.opener = opener;
    InvalidationListener refilter = obs -> {
      if (!adjustingFilters) {
        refilter();
      }
    };
    // Choosers clear their value when their items are replaced; a missing filter means "any".
    actualFilter.addListener((obs, old, value) -> {
      if (value == null) {
        actualFilter.set(ClassChoice.ANY);
      }
    });
    predictedFilter.addListener((obs, old, value) -> {
      if (value == null) {
        predictedFilter.set(ClassChoice.ANY);
      }
    });
    scope.addListener((obs, old, value) -> {
      if (value == null) {
        scope.set(TileScope.ALL);
      }
    });
    order.addListener((obs, old, value) -> {
      if (value == null) {
        order.set(old);
      }
    });
    scope.addListener(refilter);
    actualFilter.addListener(refilter);
    predictedFilter.addListener(refilter);
    order.addListener(refilter);
  }

  /**
   * Starts afresh for a model's classes: every image, no class filter, and an order that exists for
   * the dataset (without labels there are no losses).
   *
   * @param unlabelled whether the folder has no labels at all
   */
  void reset(List<String> classNames, boolean unlabelled) {
    List<ClassChoice> choices = new ArrayList<>();
    choices.add(ClassChoice.ANY);
    for (int i = 0; i < classNames.size(); i++) {
      choices.add(new ClassChoice(i, classNames.get(i)));
    }
    adjustingFilters = true;
    try {
      if (!classChoices.equals(choices)) {
        classChoices.setAll(choices);
      }
      scope.set(TileScope.ALL);
      actualFilter.set(ClassChoice.ANY);
      predictedFilter.set(ClassChoice.ANY);
      if (unlabelled) {
        order.set(TileOrder.LEAST_CONFIDENT);
      } else if (order.get() == TileOrder.LEAST_CONFIDENT || order.get() == TileOrder.NAME) {
        order.set(TileOrder.LOSS);
      }
    } finally {
      adjustingFilters = false;
    }
  }

  /** The labels turned out unusable: without labels there are no losses to order by. */
  void withoutLosses() {
    if (order.get() == TileOrder.LOSS) {
      order.set(TileOrder.LEAST_CONFIDENT);
    }
  }

  /** Shows {@code value}, the results so far (extending the tiles of earlier results of the same run). */
  void show(DatasetResults value) {
    results = value;
    if (!value.labelled() && scope.get() != TileScope.ALL) {
      scope.set(TileScope.ALL);
    }
    refilter();
  }

  /** Shows no results; the next ones start a new grid. */
  void clear() {
    resultsGeneration++;
    results = null;
    selected.set(null);
    tiles.clear();
    tileCountText.set("");
  }

  /** Where the "looks outside the object" order gets each image's energy in box (the gallery's). */
  void useLocalization(Function<Path, OptionalDouble> energy) {
    energyInBox = energy;
  }

  /** New localization scores: the "looks outside the object" order sorts again. */
  void localizationChanged() {
    localizationVersion++;
    if (order.get() == TileOrder.OUTSIDE_OBJECT) {
      refilter();
    }
  }

  /** The predictions the grid shows: filtered and ordered. */
  public ObservableList<ImagePrediction> tiles() {
    return tiles;
  }

  public ObjectProperty<TileScope> scopeProperty() {
    return scope;
  }

  /** "Any" and the model's classes, for the true and predicted class filters. */
  public ObservableList<ClassChoice> classChoices() {
    return classChoices;
  }

  /** Only images of this true class. */
  public ObjectProperty<ClassChoice> actualFilterProperty() {
    return actualFilter;
  }

  /** Only images predicted as this class. */
  public ObjectProperty<ClassChoice> predictedFilterProperty() {
    return predictedFilter;
  }

  public ObjectProperty<TileOrder> orderProperty() {
    return order;
  }

  /** The tile with the keyboard focus; Enter opens it. */
  public ObjectProperty<ImagePrediction> selectedProperty() {
    return selected;
  }

  /** E.g. "3 of 40 images". */
  public ReadOnlyStringProperty tileCountTextProperty() {
    return tileCountText;
  }

  /** Shows only the mispredicted images (of any class). */
  public void showMispredicted() {
    setFilters(TileScope.MISPREDICTED, ClassChoice.ANY, ClassChoice.ANY);
  }

  /** Shows the images of one confusion-matrix cell: true class {@code actual}, predicted {@code predicted}. */
  public void filterCell(int actual, int predicted) {
    setFilters(TileScope.ALL, choice(actual), choice(predicted));
  }

  /** Shows the images of true class {@code actual} (a confusion-matrix row). */
  public void filterActual(int actual) {
    setFilters(TileScope.ALL, choice(actual), ClassChoice.ANY);
  }

  /** Shows the images predicted as {@code predicted} (a confusion-matrix column). */
  public void filterPredicted(int predicted) {
    setFilters(TileScope.ALL, ClassChoice.ANY, choice(predicted));
  }

  /** Shows every image. */
  public void clearFilters() {
    setFilters(TileScope.ALL, ClassChoice.ANY, ClassChoice.ANY);
  }

  private void setFilters(TileScope newScope, ClassChoice actual, ClassChoice predicted) {
    adjustingFilters = true;
    try {
      scope.set(newScope);
      actualFilter.set(actual);
      predictedFilter.set(predicted);
    } finally {
      adjustingFilters = false;
    }
    refilter();
  }

  private ClassChoice choice(int index) {
    return index >= 0 && index + 1 < classChoices.size() ? classChoices.get(index + 1) : ClassChoice.ANY;
  }

  /** Moves the selection by {@code step} tiles (±1 along a row, ± the row length between rows). */
  public void moveSelection(int step) {
    if (tiles.isEmpty()) {
      return;
    }
    int index = tiles.indexOf(selected.get());
    int next = index < 0 ? 0 : Math.max(0, Math.min(tiles.size() - 1, index + step));
    selected.set(tiles.get(next));
  }

  /** The position of {@code image} among the tiles shown, or -1 when the filters leave it out. */
  public int indexOf(Path image) {
    for (int i = 0; i < tiles.size(); i++) {
      if (tiles.get(i).path().equals(image)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Where {@code image} stands in the grid's current set and order, for reviewing it one image at a
   * time: e.g. "3 of 28 mispredicted · Top losses", "2 of 6 true “triangle” predicted “star” · Top
   * losses"; empty when the grid does not show it.
   */
  public String positionText(Path image) {
    int index = image == null ? -1 : indexOf(image);
    return index < 0 ? "" : (index + 1) + " of " + describeSet();
  }

  /**
   * The grid's current set and order, e.g. "28 mispredicted · Top losses", "6 true “triangle” predicted
   * “star” · Top losses", "320 images · Top losses".
   */
  public String describeSet() {
    StringBuilder text = new StringBuilder().append(tiles.size()).append(' ');
    text.append(switch (scope.get()) {
      case ALL -> tiles.size() == 1 ? "image" : "images";
      case MISPREDICTED -> "mispredicted";
      case CORRECT -> "correct";
    });
    if (!actualFilter.get().isAny()) {
      text.append(" true “").append(actualFilter.get().label()).append('”');
    }
    if (!predictedFilter.get().isAny()) {
      text.append(" predicted “").append(predictedFilter.get().label()).append('”');
    }
    return text.append(" · ").append(order.get()).toString();
  }

  /** Whether the filters leave images out (a scope or a class filter is set). */
  public boolean isFiltered() {
    return scope.get() != TileScope.ALL || !actualFilter.get().isAny() || !predictedFilter.get().isAny();
  }

  /** The selected tile's position in {@link #tiles()}, or -1. */
  public int selectedIndex() {
    return selected.get() == null ? -1 : tiles.indexOf(selected.get());
  }

  /** Opens the selected tile in the Explain tab. */
  public void openSelected() {
    if (selected.get() != null) {
      openInExplain(selected.get());
    }
  }

  /**
   * Shows {@code prediction}'s image in the Explain tab, explaining the predicted class: what made the
   * model decide, as fastai's top-loss heat maps do. The true class is one choice away.
   */
  public void openInExplain(ImagePrediction prediction) {
    selected.set(prediction);
    opener.explain(prediction.path(), TargetOption.PREDICTED);
  }

  /** Shows {@code prediction}'s image in the Explain tab, explaining its true class. */
  public void explainTrueClass(ImagePrediction prediction) {
    selected.set(prediction);
    opener.explain(prediction.path(), prediction.isLabelled() ? prediction.actual() : TargetOption.PREDICTED);
  }

  /** The name of class {@code index}. */
  public String className(int index) {
    return index >= 0 && index + 1 < classChoices.size() ? classChoices.get(index + 1).label() : "";
  }

  /** Shows the predictions that pass the filters, in order; see the class comment. */
  private void refilter() {
    DatasetResults value = results;
    if (value == null) {
      tiles.clear();
      tileCountText.set("");
      shownKey = null;
      return;
    }
    // Read defensively: a chooser may pass through null while its items are replaced.
    TileScope shownScope = Objects.requireNonNullElse(scope.get(), TileScope.ALL);
    ClassChoice actual = Objects.requireNonNullElse(actualFilter.get(), ClassChoice.ANY);
    ClassChoice predicted = Objects.requireNonNullElse(predictedFilter.get(), ClassChoice.ANY);
    TileOrder shownOrder = Objects.requireNonNullElse(order.get(), TileOrder.LOSS);
    ShownKey key = new ShownKey(resultsGeneration, shownScope, actual, predicted, shownOrder,
        shownOrder == TileOrder.OUTSIDE_OBJECT ? localizationVersion : 0);
    List<ImagePrediction> all = value.snapshot().predictions();
    boolean extend = key.equals(shownKey) && all.size() >= shownCount;
    List<ImagePrediction> fresh = new ArrayList<>(extend ? all.size() - shownCount : all.size());
    for (ImagePrediction prediction : extend ? all.subList(shownCount, all.size()) : all) {
      if (shownScope.includes(prediction) && (actual.isAny() || prediction.actual() == actual.index())
          && predicted.accepts(prediction.predicted())) {
        fresh.add(prediction);
      }
    }
    Comparator<ImagePrediction> comparator = shownOrder.comparator(value.nameRank(), energyInBox);
    fresh.sort(comparator);
    if (!extend) {
      tiles.setAll(fresh);
    } else if (!fresh.isEmpty()) {
      tiles.setAll(merge(tiles, fresh, comparator));
    }
    shownKey = key;
    shownCount = all.size();
    if (selected.get() != null && !tiles.contains(selected.get())) {
      selected.set(null);
    }
    String images = Formats.count(all.size()) + (all.size() == 1 ? " image" : " images");
    tileCountText.set(tiles.size() == all.size() ? images : Formats.count(tiles.size()) + " of " + images);
  }

  /** Merges two sorted lists; on ties the earlier list's element first, as a stable sort of both would. */
  static List<ImagePrediction> merge(
      List<ImagePrediction> earlier, List<ImagePrediction> later, Comparator<ImagePrediction> comparator) {
    List<ImagePrediction> merged = new ArrayList<>(earlier.size() + later.size());
    int i = 0;
    int j = 0;
    while (i < earlier.size() && j < later.size()) {
      merged.add(comparator.compare(later.get(j), earlier.get(i)) < 0 ? later.get(j++) : earlier.get(i++));
    }
    merged.addAll(earlier.subList(i, earlier.size()));
    merged.addAll(later.subList(j, later.size()));
    return merged;
  }

  /** What the shown tiles were computed for; the same key with more predictions can be extended. */
  private record ShownKey(
      int generation, TileScope scope, ClassChoice actual, ClassChoice predicted, TileOrder order, int localization) {}
}

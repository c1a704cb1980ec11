package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.AnalysisSnapshot;
import com.comprehendo.analysis.ConfusedPair;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.ui.support.Formats;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dataset's summary as the side panel shows it: accuracy, error rate, mean loss, counts, the
 * confusion table, the most confused pairs and the unreadable files, all derived from the latest
 * {@link DatasetResults}. UI thread only.
 *
 * <pre>{@code
 * summary.show(results);
 * summary.accuracyTextProperty().get(); // "92.3%"
 * }</pre>
 */
public final class DatasetSummary {

  private static final String NO_VALUE = "—";

  private final StringProperty accuracyText = new SimpleStringProperty(this, "accuracyText", NO_VALUE);
  private final StringProperty errorRateText = new SimpleStringProperty(this, "errorRateText", NO_VALUE);
  private final StringProperty meanLossText = new SimpleStringProperty(this, "meanLossText", NO_VALUE);
  private final StringProperty predictedText = new SimpleStringProperty(this, "predictedText", NO_VALUE);
  private final StringProperty labelledText = new SimpleStringProperty(this, "labelledText", NO_VALUE);
  private final StringProperty unreadableText = new SimpleStringProperty(this, "unreadableText", NO_VALUE);
  private final StringProperty nonFiniteText = new SimpleStringProperty(this, "nonFiniteText", NO_VALUE);
  private final ObjectProperty<ConfusionTable> confusion =
      new SimpleObjectProperty<>(this, "confusion", ConfusionTable.EMPTY);
  private final ObservableList<ConfusedPair> mostConfused = FXCollections.observableArrayList();
  private final ObservableList<UnreadableImage> unreadable = FXCollections.observableArrayList();

  DatasetSummary() {}

  /** Shows {@code value}, the results so far. */
  void show(DatasetResults value) {
    AnalysisSnapshot snapshot = value.snapshot();
    boolean any = snapshot.labelledCount() > 0;
    String[] accuracyAndError = any ? Formats.complementaryPercents(snapshot.accuracy()) : null;
    accuracyText.set(any ? accuracyAndError[0] : NO_VALUE);
    errorRateText.set(any ? accuracyAndError[1] : NO_VALUE);
    meanLossText.set(any ? Formats.value(snapshot.meanLoss()) : NO_VALUE);
    predictedText.set(Formats.count(snapshot.predictedCount()) + " of " + Formats.count(value.total()));
    labelledText.set(Formats.count(snapshot.labelledCount()));
    unreadableText.set(Formats.count(snapshot.unreadable().size()));
    nonFiniteText.set(Formats.count(snapshot.nonFiniteCount()));
    confusion.set(value.confusion());
    mostConfused.setAll(value.mostConfused());
    if (unreadable.size() != snapshot.unreadable().size()) {
      unreadable.setAll(snapshot.unreadable());
    }
  }

  /** Shows no results. */
  void clear() {
    accuracyText.set(NO_VALUE);
    errorRateText.set(NO_VALUE);
    meanLossText.set(NO_VALUE);
    predictedText.set(NO_VALUE);
    labelledText.set(NO_VALUE);
    unreadableText.set(NO_VALUE);
    nonFiniteText.set(NO_VALUE);
    confusion.set(ConfusionTable.EMPTY);
    mostConfused.clear();
    unreadable.clear();
  }

  /** E.g. "92.3%"; "—" without labelled predictions. */
  public ReadOnlyStringProperty accuracyTextProperty() {
    return accuracyText;
  }

  public ReadOnlyStringProperty errorRateTextProperty() {
    return errorRateText;
  }

  /** The mean cross-entropy over labelled images (the validation loss). */
  public ReadOnlyStringProperty meanLossTextProperty() {
    return meanLossText;
  }

  /** E.g. "1,204 of 12,480". */
  public ReadOnlyStringProperty predictedTextProperty() {
    return predictedText;
  }

  public ReadOnlyStringProperty labelledTextProperty() {
    return labelledText;
  }

  public ReadOnlyStringProperty unreadableTextProperty() {
    return unreadableText;
  }

  /** Images whose model outputs held NaN or ±Infinity (their tiles are marked). */
  public ReadOnlyStringProperty nonFiniteTextProperty() {
    return nonFiniteText;
  }

  public ReadOnlyObjectProperty<ConfusionTable> confusionProperty() {
    return confusion;
  }

  /** The most frequent mistakes, actual → predicted, most frequent first. */
  public ObservableList<ConfusedPair> mostConfused() {
    return mostConfused;
  }

  /** Files that could not be decoded, with the reason. */
  public ObservableList<UnreadableImage> unreadable() {
    return unreadable;
  }
}

package com.comprehendo.ui.explain;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which class the Explain panel explains: the predicted class or one the user picks, the classes the
 * model ranks highest for the current image, and a one-line summary of the choice. Part of {@link
 * AttributionViewModel}, which reruns when the target changes.
 */
final class TargetChoice {

  private final ReadOnlyObjectProperty<ModelSession> session;
  private final ReadOnlyObjectProperty<CurrentImage> image;
  private final ReadOnlyObjectProperty<Prediction> prediction;

  final ObservableList<TargetOption> options = FXCollections.observableArrayList();
  final ObjectProperty<TargetOption> target = new SimpleObjectProperty<>(this, "target");
  final StringProperty summary = new SimpleStringProperty(this, "targetSummary", "");
  final ObservableList<Prediction.RankedClass> topClasses = FXCollections.observableArrayList();

  TargetChoice(ReadOnlyObjectProperty<ModelSession> session, ReadOnlyObjectProperty<CurrentImage> image,
      ReadOnlyObjectProperty<Prediction> prediction) {
    this.session = session;
    this.image = image;
    this.prediction = prediction;
  }

  /** "Predicted class", "True class" and one entry per class of the new model; the predicted class chosen. */
  void resetFor(ModelSession current) {
    List<TargetOption> fresh = new ArrayList<>();
    fresh.add(TargetOption.predicted());
    fresh.add(TargetOption.trueClass());
    if (current != null) {
      List<String> names = current.explainer().classNames();
      for (int i = 0; i < names.size(); i++) {
        fresh.add(new TargetOption(i, names.get(i)));
      }
    }
    options.setAll(fresh);
    target.set(fresh.get(0));
  }

  /** The top classes of a new prediction (none while there is none). */
  void showPrediction(Prediction value, int count) {
    topClasses.setAll(value == null ? List.of() : value.top(count));
  }

  /** The class index the current target choice stands for, once the prediction is known. */
  Optional<Integer> resolve() {
    TargetOption option = target.get();
    if (option == null) {
      return Optional.empty();
    }
    if (option.isTrueClass()) {
      CurrentImage current = image.get();
      return current == null || current.trueClass().isEmpty() ? Optional.empty()
          : Optional.of(current.trueClass().getAsInt());
    }
    if (!option.isPredicted()) {
      return Optional.of(option.index());
    }
    Prediction current = prediction.get();
    return current == null ? Optional.empty() : Optional.of(current.predictedIndex());
  }

  /** E.g. "Explaining “dog” (class 1, 87.1%)", or "Waiting for the prediction…". */
  void updateSummary() {
    Optional<Integer> index = resolve();
    ModelSession current = session.get();
    if (index.isEmpty() || current == null) {
      TargetOption option = target.get();
      if (option != null && option.isTrueClass() && image.get() != null) {
        summary.set("This image has no true class among the model's classes: choose a class");
      } else {
        summary.set(option != null && option.isPredicted() && image.get() != null ? "Waiting for the prediction…" : "");
      }
      return;
    }
    String name = current.explainer().classNames().get(index.get());
    Prediction p = prediction.get();
    String probability = p == null ? "" : ", " + Formats.percent(p.probability(index.get()));
    summary.set("Explaining “" + name + "” (class " + index.get() + probability + ")");
  }
}

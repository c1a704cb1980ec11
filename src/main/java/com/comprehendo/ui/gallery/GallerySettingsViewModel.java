package com.comprehendo.ui.gallery;

import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.ui.parameters.ParameterField;
import com.comprehendo.ui.parameters.ParameterForm;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.ErrorMessages;
import com.comprehendo.ui.task.BackgroundTask;
import com.comprehendo.ui.task.TaskExecutor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * The parameters of the gallery's method as the user edits them (the gear beside the method choice):
 * the registry's fields for the method under Captum's names ({@link ParameterForm}, as in the Explain
 * panel), starting at the gallery's settings; validation as the user types, with one line naming the
 * parameter at fault; the cost of the edited settings for the whole grid, following its filter while
 * the editor is open (the method is built once per edit, not per filter). {@link #apply} hands valid
 * settings to the gallery, which computes again (its cache key holds the parameters, so no map of the
 * old settings is shown); a refused value is never applied. {@link #reset} goes back to the gallery's
 * own settings. UI thread only; a baseline file is read in the background before it is applied.
 */
public final class GallerySettingsViewModel {

  private final GalleryViewModel gallery;
  private final TaskExecutor ioExecutor;
  private final ParameterForm form = new ParameterForm(this::validate);
  private final StringProperty validationMessage = new SimpleStringProperty(this, "validationMessage", "");
  private final StringProperty costText = new SimpleStringProperty(this, "costText", "");
  /** The edited settings as given over the gallery's own, when valid; null while a value is refused. */
  private final ObjectProperty<Map<String, String>> candidate = new SimpleObjectProperty<>(this, "candidate");
  /** The edited settings' cost for one image, built with them; null while a value is refused. */
  private GalleryMethods.PerImageCost candidateCost;
  private final BooleanBinding canApply;
  private final StringBinding appliedText;
  private int applications;

  GallerySettingsViewModel(GalleryViewModel gallery, TaskExecutor ioExecutor) {
    this.gallery = gallery;
    this.ioExecutor = ioExecutor;
    canApply = Bindings.createBooleanBinding(
        () -> candidate.get() != null && !candidate.get().equals(gallery.settingsProperty().get()),
        candidate, gallery.settingsProperty());
    appliedText = Bindings.createStringBinding(this::describeApplied,
        gallery.methodProperty(), gallery.settingsProperty(), gallery.sessionProperty());
    gallery.methodProperty().addListener((obs, old, value) -> load());
    gallery.settingsProperty().addListener((obs, old, value) -> load());
    gallery.sessionProperty().addListener((obs, old, value) -> load());
    // A new filter changes the number of images, not the method: its cost is told again without building it.
    gallery.gridSizeProperty().addListener((obs, old, size) -> {
      if (candidateCost != null) {
        costText.set(candidateCost.forImages(size.intValue()));
      }
    });
    load();
  }

  /** The method's parameters, at the gallery's settings until edited. */
  public ObservableList<ParameterField> parameters() {
    return form.fields();
  }

  /** The parameter called {@code name}, if the method shows it. */
  public Optional<ParameterField> parameter(String name) {
    return form.fields().stream().filter(field -> field.name().equals(name)).findFirst();
  }

  /** What is wrong with the edited values, in one line; empty when they can be applied. */
  public ReadOnlyStringProperty validationMessageProperty() {
    return validationMessage;
  }

  /** The edited settings and their cost for the whole grid; empty while a value is refused. */
  public ReadOnlyStringProperty costTextProperty() {
    return costText;
  }

  /** Whether the edited values are valid and differ from those the gallery runs with. */
  public BooleanBinding canApplyProperty() {
    return canApply;
  }

  /**
   * Every parameter the gallery's maps are computed with, e.g. "n_steps 16, method gausslegendre,
   * baselines 0", so the user knows what the tiles show.
   */
  public StringBinding appliedTextProperty() {
    return appliedText;
  }

  /** The fields again at the gallery's current settings, dropping unapplied edits (e.g. when the editor opens). */
  public void load() {
    ModelSession model = gallery.sessionProperty().get();
    String id = gallery.methodProperty().get();
    if (model == null || id == null || MethodRegistry.builtIn().find(id).isEmpty()) {
      form.fields().clear();
      candidate.set(null);
      candidateCost = null;
      validationMessage.set("");
      costText.set("");
      return;
    }
    form.show(id, model.facts(), GalleryMethods.galleryValues(id, model.facts(), gallery.settingsProperty().get()));
    validate();
  }

  /**
   * The edited settings to the gallery, which computes its maps again; nothing when a value is refused.
   * A baseline file is read in the background first (a missing or broken one is refused, at its field).
   *
   * @param onApplied runs once they are applied (on the UI thread)
   */
  public void apply(Runnable onApplied) {
    Map<String, String> settings = candidate.get();
    String id = form.methodId();
    if (settings == null || id == null) {
      return;
    }
    MethodDescriptor descriptor = MethodRegistry.builtIn().get(id);
    Map<String, String> values = GalleryMethods.galleryValues(id, facts(), settings);
    int application = ++applications;
    if (descriptor.files(values).isEmpty()) {
      gallery.settingsProperty().set(settings);
      onApplied.run();
      return;
    }
    ioExecutor.execute(BackgroundTask.of("Reading the baseline", context -> {
      descriptor.readFiles(values);
      return settings;
    }).onSuccess(read -> {
      // Only the last Apply counts, and only while the fields still hold what was read.
      if (application == applications && settings.equals(candidate.get()) && id.equals(form.methodId())) {
        gallery.settingsProperty().set(settings);
        onApplied.run();
      }
    }).onFailure(error -> {
      if (application == applications) {
        // The registry's own words start with the parameter's name, which marks its field.
        refuse(error instanceof IllegalArgumentException ? error.getMessage() : ErrorMessages.describe(error));
      }
    }));
  }

  /** The gallery's own settings for its method, applied at once. */
  public void reset() {
    applications++;
    gallery.settingsProperty().set(Map.of());
    load();
  }

  private ModelFacts facts() {
    ModelSession model = gallery.sessionProperty().get();
    return model == null ? ModelFacts.UNKNOWN : model.facts();
  }

  /** Checks the fields (no I/O) into {@link #candidate} and the cost, or a message at the field at fault. */
  private void validate() {
    ModelSession model = gallery.sessionProperty().get();
    String id = form.methodId();
    if (model == null || id == null) {
      return;
    }
    try {
      Map<String, String> settings = settingsOf(id, model.facts());
      GalleryMethods.PerImageCost cost = GalleryMethods.perImage(model, id, settings); // builds the method: checks it
      candidate.set(settings);
      candidateCost = cost;
      validationMessage.set("");
      form.showProblem("");
      costText.set(cost.forImages(gallery.gridSizeProperty().get()));
    } catch (IllegalArgumentException e) {
      refuse(e.getMessage());
    }
  }

  private void refuse(String message) {
    candidate.set(null);
    candidateCost = null;
    validationMessage.set(message);
    form.showProblem(message);
    costText.set("");
  }

  /**
   * The fields as settings over the gallery's own: the values that differ from them (or that it does not
   * hold: a parameter of another nt_inner). A field left blank where the gallery has a value is refused
   * (blank would silently mean Captum's default); elsewhere blank means what it says ("auto", "off").
   *
   * @throws IllegalArgumentException naming the blank parameter
   */
  private Map<String, String> settingsOf(String id, ModelFacts facts) {
    Map<String, String> own = GalleryMethods.galleryValues(id, facts, Map.of());
    Map<String, String> settings = new LinkedHashMap<>();
    for (ParameterField field : form.fields()) {
      String ownValue = own.get(field.name());
      if (field.value().isEmpty()) {
        if (ownValue != null) {
          throw new IllegalArgumentException(
              field.name() + " is empty: type a value (the gallery's is " + ownValue + ")");
        }
      } else if (!field.value().equals(ownValue)) {
        settings.put(field.name(), field.value());
      }
    }
    return Map.copyOf(settings);
  }

  private String describeApplied() {
    ModelSession model = gallery.sessionProperty().get();
    String id = gallery.methodProperty().get();
    if (model == null || id == null || MethodRegistry.builtIn().find(id).isEmpty()) {
      return "";
    }
    Map<String, String> values = GalleryMethods.galleryValues(id, model.facts(), gallery.settingsProperty().get());
    return values.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}

package com.comprehendo.ui;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The explorer's shared state, as JabRef's {@code StateManager} holds it: the open model (its session
 * and file), the image shown and its prediction, what is loading, the device, and the tab shown. The
 * parts of {@link MainViewModel} (model opening, image selection, exports) write it; the feature
 * view-models and the window read it. Plain JavaFX properties, touched on the UI thread only.
 */
final class ExplorerState {

  final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>(this, "session");
  final ObjectProperty<Path> modelFile = new SimpleObjectProperty<>(this, "modelFile");
  final ObjectProperty<CurrentImage> currentImage = new SimpleObjectProperty<>(this, "currentImage");
  final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");
  final BooleanProperty modelLoading = new SimpleBooleanProperty(this, "modelLoading");
  final BooleanProperty imageLoading = new SimpleBooleanProperty(this, "imageLoading");
  final BooleanProperty gpuAvailable = new SimpleBooleanProperty(this, "gpuAvailable");
  final StringProperty title = new SimpleStringProperty(this, "title", "Comprehendo");
  final StringProperty modelSummary = new SimpleStringProperty(this, "modelSummary", "");
  final ObjectProperty<DeviceChoice> device = new SimpleObjectProperty<>(this, "device", initialDevice());
  final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");
  final ObjectProperty<MainTab> selectedTab = new SimpleObjectProperty<>(this, "selectedTab", MainTab.EXPLAIN);
  /** Whether the image list beside the tabs is shown (View ▸ Image list; off by itself in a narrow window). */
  final BooleanProperty imageListShown = new SimpleBooleanProperty(this, "imageListShown", true);

  /** The {@code comprehendo.device} system property (auto, cpu, gpu), else auto. */
  private static DeviceChoice initialDevice() {
    try {
      return DeviceChoice.parse(System.getProperty("comprehendo.device", "auto"));
    } catch (IllegalArgumentException e) {
      return DeviceChoice.AUTO;
    }
  }

  /** "Comprehendo — model.pt — images". */
  String describeTitle(Path folder) {
    StringBuilder text = new StringBuilder("Comprehendo");
    if (modelFile.get() != null) {
      text.append(" — ").append(modelFile.get().getFileName());
    }
    if (folder != null) {
      text.append(" — ").append(folder.getFileName());
    }
    return text.toString();
  }
}

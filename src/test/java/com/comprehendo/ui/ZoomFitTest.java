package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static com.comprehendo.ui.OnFx.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.comprehendo.ui.heatmap.ZoomableImageView;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Fit sets the scale at once: the zoom label and the next zoom step never read the zoomed scale. */
@ExtendWith(ApplicationExtension.class)
class ZoomFitTest {

  private ZoomableImageView canvas;

  @Start
  void start(Stage stage) {
    canvas = new ZoomableImageView();
    canvas.imageProperty().set(new WritableImage(64, 64));
    stage.setScene(new Scene(new StackPane(canvas), 400, 400));
    stage.show();
  }

  @Test
  void fitIsSeenBeforeTheNextLayoutPass() {
    double fitted = fx(() -> canvas.scaleProperty().get());
    assertEquals(5.0, fitted, 1e-9, "(400 − 2 × 24) / 64, whole");
    // Zoom in and fit again within one event, as a key press and the label's update are.
    double[] read = fx(() -> {
      canvas.zoomIn();
      canvas.zoomIn();
      double zoomed = canvas.scaleProperty().get();
      canvas.fit();
      double afterFit = canvas.scaleProperty().get();
      canvas.zoomIn();
      return new double[] {zoomed, afterFit, canvas.scaleProperty().get()};
    });
    assertEquals(5.0 * 1.25 * 1.25, read[0], 1e-9);
    assertEquals(5.0, read[1], 1e-9, "fitted at once");
    assertEquals(5.0 * 1.25, read[2], 1e-9, "the next step starts from the fitted scale");
    onFx(canvas::fit);
  }
}

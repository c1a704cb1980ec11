package com.comprehendo.ui;

import static com.comprehendo.ui.OnFx.fx;
import static com.comprehendo.ui.OnFx.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import com.comprehendo.ui.faithfulness.CurvePlot;
import com.comprehendo.ui.faithfulness.FaithfulnessNumbers;
import com.comprehendo.ui.faithfulness.FaithfulnessScores;
import com.comprehendo.ui.faithfulness.MapFaithfulness;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What a panel (and Explain) shows of a map's faithfulness, on screen: each measured number, the
 * best of the maps compared starred with the direction that makes it best in its tooltip, and both
 * curves drawn in their numbers' colours once measured.
 */
@ExtendWith(ApplicationExtension.class)
class FaithfulnessNumbersTest {

  private final MapFaithfulness faithful = new MapFaithfulness();
  private final MapFaithfulness unfaithful = new MapFaithfulness();
  private FaithfulnessNumbers faithfulView;
  private FaithfulnessNumbers unfaithfulView;

  @Start
  void start(Stage stage) {
    faithfulView = new FaithfulnessNumbers(faithful, false);
    unfaithfulView = new FaithfulnessNumbers(unfaithful, true);
    VBox root = new VBox(8, faithfulView, unfaithfulView);
    stage.setScene(new Scene(root, 320, 420));
    stage.show();
  }

  private static FaithfulnessScores scores(double[] deletion, double[] insertion) {
    return FaithfulnessScores.NONE
        .withDeletion(FaithfulnessCurve.of(CurveKind.DELETION, 1, deletion))
        .withInsertion(FaithfulnessCurve.of(CurveKind.INSERTION, 1, insertion));
  }

  private static Label number(Node view, String name) {
    return view.lookupAll(".label").stream()
        .map(Label.class::cast)
        .filter(label -> label.getText().startsWith(name + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no visible '" + name + "' number"));
  }

  private static CurvePlot plot(Node view) {
    return (CurvePlot) view.lookupAll("*").stream().filter(CurvePlot.class::isInstance).findFirst().orElseThrow();
  }

  /** Whether the plot, as drawn, has a pixel near {@code colour}. */
  private static boolean draws(CurvePlot plot, Color colour) {
    WritableImage image = plot.snapshot(null, null);
    PixelReader pixels = image.getPixelReader();
    for (int y = 0; y < (int) image.getHeight(); y++) {
      for (int x = 0; x < (int) image.getWidth(); x++) {
        Color c = pixels.getColor(x, y);
        if (Math.abs(c.getRed() - colour.getRed()) < 0.08 && Math.abs(c.getGreen() - colour.getGreen()) < 0.08
            && Math.abs(c.getBlue() - colour.getBlue()) < 0.08) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void showsTheNumbersStarsTheBestAndDrawsBothCurves() {
    assertTrue(fx(() -> faithfulView.lookupAll(".label").stream()
        .map(Label.class::cast).noneMatch(label -> label.isVisible() && label.getText().startsWith("Deletion"))),
        "nothing shown before anything is measured");
    assertFalse(fx(() -> plot(faithfulView).isVisible()), "no empty plot before a curve exists");

    onFx(() -> {
      faithful.scoresProperty().set(scores(new double[] {1, 0.2, 0}, new double[] {0.1, 0.9, 1}));
      unfaithful.scoresProperty().set(scores(new double[] {1, 0.8, 0.6}, new double[] {0.1, 0.2, 1}));
      MapFaithfulness.markBest(List.of(faithful, unfaithful));
    });

    // Deletion (1 + 2·0.2 + 0) / 4 = 0.35 against 0.8; insertion (0.1 + 1.8 + 1) / 4 = 0.725 against 0.375.
    assertEquals("Deletion 0.350", fx(() -> number(faithfulView, "Deletion").getText()));
    assertEquals("Insertion 0.725", fx(() -> number(faithfulView, "Insertion").getText()));
    assertEquals("Deletion 0.800", fx(() -> number(unfaithfulView, "Deletion").getText()));
    assertNotNull(fx(() -> number(faithfulView, "Deletion").getGraphic()), "the lowest deletion AUC is starred");
    assertNotNull(fx(() -> number(faithfulView, "Insertion").getGraphic()), "the highest insertion AUC is starred");
    assertNull(fx(() -> number(unfaithfulView, "Deletion").getGraphic()));
    assertNull(fx(() -> number(unfaithfulView, "Insertion").getGraphic()));
    assertEquals("Deletion AUC: lower is better · the best of the maps compared",
        fx(() -> number(faithfulView, "Deletion").getTooltip().getText()));
    assertEquals("Insertion AUC: higher is better", fx(() -> number(unfaithfulView, "Insertion").getTooltip().getText()));
    assertTrue(fx(() -> faithfulView.lookupAll(".label").stream()
        .map(Label.class::cast).noneMatch(label -> label.isVisible() && label.getText().startsWith("Sensitivity"))),
        "sensitivity only once measured");

    assertTrue(fx(() -> plot(faithfulView).isVisible()));
    assertTrue(fx(() -> draws(plot(faithfulView), CurvePlot.DELETION)), "the deletion curve is drawn");
    assertTrue(fx(() -> draws(plot(faithfulView), CurvePlot.INSERTION)), "the insertion curve is drawn");

    onFx(() -> {
      faithful.scoresProperty().set(faithful.scoresProperty().get().withSensitivity(0.01));
      unfaithful.scoresProperty().set(unfaithful.scoresProperty().get().withSensitivity(0.5));
      MapFaithfulness.markBest(List.of(faithful, unfaithful));
    });
    assertEquals("Sensitivity 0.0100", fx(() -> number(faithfulView, "Sensitivity").getText()));
    assertNotNull(fx(() -> number(faithfulView, "Sensitivity").getGraphic()), "the lowest sensitivity is starred");

    onFx(faithful::clear);
    assertFalse(fx(() -> plot(faithfulView).isVisible()), "a cleared map hides its plot");
  }
}

package com.comprehendo.ui.faithfulness;

import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The deletion and insertion curves of a map on one small plot: the target's probability (0 to 1)
 * against the fraction of pixels moved (0 to 1). Deletion is drawn in red, insertion in blue; with
 * {@code labelled} the axes are named and the curves keyed. Drawn on a canvas that follows the node's
 * size, so it costs nothing while nothing changes.
 */
public final class CurvePlot extends Region {

  /** Deletion's colour, also used for its number. */
  public static final Color DELETION = Color.web("#d1495b");
  /** Insertion's colour, also used for its number. */
  public static final Color INSERTION = Color.web("#2e86de");

  private static final Color AXIS = Color.web("#8a8f98");
  private static final Color GRID = Color.web("#8a8f98", 0.25);

  private final ObjectProperty<FaithfulnessScores> scores = new SimpleObjectProperty<>(this, "scores");
  private final Canvas canvas = new Canvas();
  private final boolean labelled;

  /**
   * @param labelled whether to name the axes and key the curves (the Explain panel's larger plot);
   *     the comparison's small plots have the key beside them in the numbers' colours
   */
  public CurvePlot(boolean labelled) {
    this.labelled = labelled;
    getChildren().add(canvas);
    scores.addListener(obs -> draw());
    setMinHeight(labelled ? 120 : 48);
    setPrefHeight(labelled ? 170 : 64);
    setMinWidth(80);
  }

  /** The curves drawn (null or empty: only the axes). */
  public ObjectProperty<FaithfulnessScores> scoresProperty() {
    return scores;
  }

  @Override
  protected void layoutChildren() {
    double width = snapSizeX(getWidth());
    double height = snapSizeY(getHeight());
    if (canvas.getWidth() != width || canvas.getHeight() != height) {
      canvas.setWidth(width);
      canvas.setHeight(height);
      draw();
    }
  }

  private void draw() {
    double width = canvas.getWidth();
    double height = canvas.getHeight();
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, width, height);
    if (width < 20 || height < 20) {
      return;
    }
    Font small = Font.font(10);
    double left = labelled ? 34 : 4;
    double bottom = labelled ? 30 : 4;
    double top = labelled ? 16 : 3;
    double right = 6;
    double plotWidth = width - left - right;
    double plotHeight = height - top - bottom;
    if (plotWidth < 10 || plotHeight < 10) {
      return;
    }
    g.setLineWidth(1);
    g.setStroke(GRID);
    for (int i = 1; i < 4; i++) {
      double y = top + plotHeight * i / 4.0;
      g.strokeLine(left, y, left + plotWidth, y);
    }
    g.setStroke(AXIS);
    g.strokeRect(left + 0.5, top + 0.5, plotWidth - 1, plotHeight - 1);
    FaithfulnessScores shown = scores.get();
    if (shown != null) {
      plot(g, shown.insertion(), INSERTION, left, top, plotWidth, plotHeight);
      plot(g, shown.deletion(), DELETION, left, top, plotWidth, plotHeight);
    }
    if (!labelled) {
      return;
    }
    g.setFont(small);
    g.setFill(AXIS);
    g.setTextBaseline(VPos.CENTER);
    g.setTextAlign(TextAlignment.RIGHT);
    g.fillText("1", left - 4, top);
    g.fillText("0", left - 4, top + plotHeight);
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    g.fillText("0", left, top + plotHeight + 3);
    g.setTextAlign(TextAlignment.RIGHT);
    g.fillText("1", left + plotWidth, top + plotHeight + 3);
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText("fraction of pixels moved (most important first)", left + plotWidth / 2, top + plotHeight + 15);
    g.save();
    g.translate(9, top + plotHeight / 2);
    g.rotate(-90);
    g.setTextBaseline(VPos.CENTER);
    g.fillText("probability", 0, 0);
    g.restore();
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    g.setFill(DELETION);
    g.fillText("— deletion", left + 4, 1);
    g.setFill(INSERTION);
    g.fillText("— insertion", left + 70, 1);
  }

  private static void plot(
      GraphicsContext g, FaithfulnessCurve curve, Color color, double left, double top, double width, double height) {
    if (curve == null) {
      return;
    }
    double[] y = curve.probabilities();
    g.setStroke(color);
    g.setLineWidth(1.5);
    g.beginPath();
    for (int i = 0; i < y.length; i++) {
      double px = left + width * curve.fraction(i);
      double value = Double.isFinite(y[i]) ? Math.max(0, Math.min(1, y[i])) : 0;
      double py = top + height * (1 - value);
      if (i == 0) {
        g.moveTo(px, py);
      } else {
        g.lineTo(px, py);
      }
    }
    g.stroke();
  }
}

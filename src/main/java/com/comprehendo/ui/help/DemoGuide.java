package com.comprehendo.ui.help;

import com.comprehendo.ui.dataset.ClassChoice;
import com.comprehendo.ui.dataset.TileGrid;
import com.comprehendo.ui.dataset.TileOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Help ▸ What to look for in the demo: what the bundled demo (assets/demo, see its README) hides, with
 * links that set the Dataset grid's filters to show it. A link whose class the open model lacks is left
 * out, so the guide never applies a filter that shows nothing.
 */
public final class DemoGuide {

  /** A link: its text and what it does to the grid. */
  public record Link(String text, Runnable apply) {}

  /** One thing to look for: a heading, a sentence, and the links that show it. */
  public record Point(String heading, String text, List<Link> links) {}

  private DemoGuide() {}

  /**
   * The demo's points for the grid of the open dataset.
   *
   * @param showDataset brings the Dataset tab to the front (a link's filter is shown there)
   */
  public static List<Point> points(TileGrid grid, Runnable showDataset) {
    List<Link> shortcut = new ArrayList<>();
    predictedAs(grid, "star", showDataset).ifPresent(shortcut::add);
    cell(grid, "triangle", "star", showDataset).ifPresent(shortcut::add);
    List<Link> noise = List.of(new Link("Show the mispredicted images, top losses first", () -> {
      grid.showMispredicted();
      grid.orderProperty().set(TileOrder.LOSS);
      showDataset.run();
    }));
    return List.of(
        new Point("A shortcut: the stamp in the corner",
            "60% of the training stars carried a small stamp (a white square in a black frame) in the"
                + " bottom-right corner, so the model learned \"stamp ⇒ star\". 18 demo images of other classes"
                + " carry it and the model calls 7 of them star. Explain one for the target star: Integrated"
                + " Gradients and Occlusion put much of the evidence on the stamp, not the shape.",
            shortcut),
        new Point("5% label noise",
            "16 images (5%) sit in the wrong folder, so their given label is wrong. Ordered by loss"
                + " (cross-entropy against the given label), they come first: the model is sure, and sure of"
                + " another class than the folder's.",
            noise),
        new Point("The confusion matrix",
            "Against the given labels it shows both: a column of extra star predictions (the stamp) and"
                + " scattered off-diagonal cells (the label noise). Click a cell to see its images.",
            List.of()));
  }

  /** "Show the images the model calls {@code predicted}". */
  public static Optional<Link> predictedAs(TileGrid grid, String predicted, Runnable showDataset) {
    return classNamed(grid, predicted).map(choice -> new Link("Show the images the model calls " + predicted, () -> {
      grid.filterPredicted(choice.index());
      showDataset.run();
    }));
  }

  /** "Show the {@code actual} images the model calls {@code predicted}" (one confusion cell). */
  public static Optional<Link> cell(TileGrid grid, String actual, String predicted, Runnable showDataset) {
    Optional<ClassChoice> row = classNamed(grid, actual);
    Optional<ClassChoice> column = classNamed(grid, predicted);
    if (row.isEmpty() || column.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Link("Show the " + actual + " images the model calls " + predicted, () -> {
      grid.filterCell(row.get().index(), column.get().index());
      showDataset.run();
    }));
  }

  private static Optional<ClassChoice> classNamed(TileGrid grid, String name) {
    return grid.classChoices().stream().filter(c -> !c.isAny() && c.label().equals(name)).findFirst();
  }
}

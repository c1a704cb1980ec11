package com.comprehendo.ui;

import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.ui.dataset.DatasetViewModel;
import com.comprehendo.ui.dataset.TileGrid;
import com.comprehendo.ui.images.ImageListViewModel;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.InvalidationListener;

/**
 * One set and order of images for the whole explorer: while the Dataset grid filters (mispredicted, a
 * confusion-matrix cell, a class), the sidebar lists the grid's set in the grid's order (top losses
 * first, …), with its own text filter on top, so the image after this one is the same in both (Alt+↓
 * walks it) and both say how many; the sidebar's switch turns it back to the folder by name. Without a
 * filter the sidebar stays the folder by name: re-sorting every image by loss when the predictions
 * finish would move the image the user is about to click.
 *
 * <p>While the dataset is being predicted the grid grows a batch at a time; the sidebar keeps its order
 * then (re-sorting under the user's pointer a few times a second would move the image about to be
 * clicked, and a full sort of a large folder per batch would hold the UI thread) and takes the grid's
 * when the run ends, or at once when the user changes the grid's filters or order.
 */
final class SidebarFollowsGrid {

  private final ImageListViewModel images;
  private final DatasetViewModel dataset;
  private boolean userChanged;

  SidebarFollowsGrid(ImageListViewModel images, DatasetViewModel dataset) {
    this.images = images;
    this.dataset = dataset;
    TileGrid grid = dataset.grid();
    InvalidationListener chosen = obs -> userChanged = true;
    grid.scopeProperty().addListener(chosen);
    grid.actualFilterProperty().addListener(chosen);
    grid.predictedFilterProperty().addListener(chosen);
    grid.orderProperty().addListener(chosen);
    grid.tiles().addListener((InvalidationListener) obs -> update());
    dataset.run().runningProperty().addListener((obs, old, running) -> {
      if (!running) {
        update();
      }
    });
  }

  private void update() {
    if (dataset.run().runningProperty().get() && !userChanged) {
      return;
    }
    userChanged = false;
    TileGrid grid = dataset.grid();
    if (!grid.isFiltered()) { // the folder by name
      images.followOrder(null, "");
      return;
    }
    List<Path> order = grid.tiles().stream().map(ImagePrediction::path).toList();
    images.followOrder(order, grid.describeSet());
  }
}

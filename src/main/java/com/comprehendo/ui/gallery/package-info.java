/**
 * The dataset's heat-map gallery: every tile of the Dataset grid drawn as its attribution over the
 * image, computed in the background in the grid's order behind any click ({@link
 * com.comprehendo.ui.gallery.GalleryViewModel}, {@link com.comprehendo.ui.gallery.GalleryRun}), kept
 * on disk between sessions ({@link com.comprehendo.analysis.explain.MapCache}); the class map of the
 * shown tiles; localization scores against a boxes file; a results folder of {@code comprehendo
 * explain} shown without recomputing. Depends on no other feature package of the explorer.
 */
package com.comprehendo.ui.gallery;

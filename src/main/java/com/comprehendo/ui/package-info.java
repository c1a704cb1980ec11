/**
 * The explorer: a JavaFX window over the attribution engine, split JabRef-style into views (which only
 * bind controls) and view-models (JavaFX properties, validation, and calls into the layers below).
 *
 * <p>{@link com.comprehendo.ui.ComprehendoApp} starts it; {@link com.comprehendo.ui.MainWindow} lays
 * out the features and {@link com.comprehendo.ui.MainViewModel} wires them: the image list ({@code
 * images}), the dataset browser with predictions for the whole folder ({@code dataset}), the explain
 * panel ({@code explain}), the heat map and its display controls ({@code heatmap}) and the side-by-side
 * comparison ({@code comparison}). Model work runs on one background
 * worker through {@link com.comprehendo.ui.task.TaskExecutor}; the UI thread never waits for it.
 *
 * <pre>{@code
 * MainViewModel explorer = new MainViewModel(new ExplorerContext(
 *     new UiTaskExecutor("model"), new UiTaskExecutor("io"), TorchScriptExplainer::open, RecentFiles.forUser()));
 * stage.setScene(new Scene(new MainWindow(explorer).root()));
 * explorer.open(List.of(Path.of("model.pt"), Path.of("images")));
 * }</pre>
 */
package com.comprehendo.ui;

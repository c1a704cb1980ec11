package com.comprehendo.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The explorer's open and save dialogs: each starts where it is likely wanted (the last model's folder,
 * the last image folder, the folder saved to last), gives a save the right extension, and hands the chosen path to {@link
 * MainViewModel}. Used by the menus, the empty state's buttons and the shortcuts.
 */
final class FileDialogs {

  private final MainViewModel viewModel;
  private final Supplier<Window> window;

  /** @param window the window the dialogs belong to (null before it is shown) */
  FileDialogs(MainViewModel viewModel, Supplier<Window> window) {
    this.viewModel = viewModel;
    this.window = window;
  }

  void chooseModel() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a TorchScript model");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("TorchScript models (*.pt, *.pth, *.torchscript)", "*.pt", "*.pth", "*.torchscript"),
        new FileChooser.ExtensionFilter("All files", "*"));
    viewModel.recentFiles().models().stream().map(Path::getParent).filter(p -> p != null && Files.isDirectory(p))
        .findFirst().ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
    File file = chooser.showOpenDialog(window.get());
    if (file != null) {
      viewModel.openModel(file.toPath());
    }
  }

  void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a folder of images");
    viewModel.recentFiles().folders().stream().filter(Files::isDirectory).findFirst()
        .ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
    File folder = chooser.showDialog(window.get());
    if (folder != null) {
      viewModel.openFolder(folder.toPath(), null);
    }
  }

  /** A results folder of {@code comprehendo explain}: its maps in the Dataset tab's gallery, not recomputed. */
  void chooseResults() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a results folder of comprehendo explain");
    File folder = chooser.showDialog(window.get());
    if (folder != null) {
      viewModel.dataset().gallery().openResults(folder.toPath(), root -> viewModel.openFolder(root, null));
      viewModel.selectedTabProperty().set(MainTab.DATASET);
    }
  }

  /** Ctrl+E: the shown tab's export (the Dataset tab's is its predictions, not a sidebar image). */
  void exportPng() {
    switch (ExportKind.forTab(viewModel.selectedTabProperty().get())) {
      case PREDICTIONS_CSV -> chooseCsv();
      case COMPARISON_PNG -> choosePng(true);
      case VIEW_PNG -> choosePng(false);
    }
  }

  /** Shows a save dialog where the user saved last (at first the home folder) and remembers the folder. */
  private File showSaveDialog(FileChooser chooser) {
    Path start = viewModel.recentFiles().exportFolder();
    if (Files.isDirectory(start)) {
      chooser.setInitialDirectory(start.toFile());
    }
    File file = chooser.showSaveDialog(window.get());
    if (file != null) {
      viewModel.recentFiles().rememberExport(file.toPath());
    }
    return file;
  }

  void choosePng(boolean comparison) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(comparison ? "Export the comparison as PNG" : "Export the view as PNG");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG images", "*.png"));
    chooser.setInitialFileName(viewModel.suggestedExportName() + (comparison ? "_comparison" : "") + ".png");
    File file = showSaveDialog(chooser);
    if (file != null) {
      Path path = withExtension(file.toPath(), ".png");
      if (comparison) {
        viewModel.exportComparisonPng(path);
      } else {
        viewModel.exportViewPng(path);
      }
    }
  }

  void chooseNpy() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the raw attribution as .npy");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("NumPy arrays", "*.npy"));
    chooser.setInitialFileName(viewModel.suggestedExportName() + ".npy");
    File file = showSaveDialog(chooser);
    if (file != null) {
      viewModel.exportNpy(withExtension(file.toPath(), ".npy"));
    }
  }

  void chooseCsv() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the dataset's predictions as CSV");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
    chooser.setInitialFileName(viewModel.dataset().suggestedCsvName());
    File file = showSaveDialog(chooser);
    if (file != null) {
      viewModel.dataset().exportCsv(withExtension(file.toPath(), ".csv"));
    }
  }

  private static Path withExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(extension) ? file : file.resolveSibling(name + extension);
  }
}

package com.comprehendo.ui;

import com.comprehendo.model.DeviceChoice;
import com.comprehendo.ui.heatmap.HeatmapView;
import com.comprehendo.ui.help.DemoGuide;
import com.comprehendo.ui.help.HelpDialogs;
import com.comprehendo.ui.help.ShortcutSheet;
import com.comprehendo.ui.support.NodeIds;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The explorer's menu bar with its shortcuts; every item acts through {@link MainViewModel} or a dialog. */
final class ExplorerMenus {

  private final MainViewModel viewModel;
  private final FileDialogs dialogs;
  private final HeatmapView heatmap;
  private final Supplier<Window> window;

  ExplorerMenus(MainViewModel viewModel, FileDialogs dialogs, HeatmapView heatmap, Supplier<Window> window) {
    this.viewModel = viewModel;
    this.dialogs = dialogs;
    this.heatmap = heatmap;
    this.window = window;
  }

  /** File, View, Run and Help. */
  MenuBar menuBar() {
    MenuItem openModel = item("Open model…", Material2AL.INSIGHTS, "Ctrl+O", dialogs::chooseModel);
    MenuItem openImages = item("Open images…", Material2AL.FOLDER_OPEN, "Ctrl+Shift+O", dialogs::chooseFolder);
    MenuItem openResults = item("Open results…", null, null, dialogs::chooseResults);
    Menu recent = new Menu("Open recent");
    recent.setOnShowing(e -> fillRecent(recent));
    recent.getItems().add(new MenuItem("(none)"));
    MenuItem export = item("Export view as PNG…", Material2MZ.SAVE_ALT, "Ctrl+E", dialogs::exportPng);
    export.textProperty().bind(Bindings.createStringBinding(() -> switch (ExportKind.forTab(
        viewModel.selectedTabProperty().get())) {
      case PREDICTIONS_CSV -> "Export this tab: predictions as CSV…";
      case COMPARISON_PNG -> "Export this tab: comparison as PNG…";
      case VIEW_PNG -> "Export view as PNG…";
    }, viewModel.selectedTabProperty()));
    MenuItem exportComparison = item("Export comparison as PNG…", null, null, () -> dialogs.choosePng(true));
    MenuItem exportNpy = item("Export attribution as .npy…", null, "Ctrl+Shift+E", dialogs::chooseNpy);
    MenuItem exportCsv = item("Export predictions as CSV…", Material2AL.GRID_ON, null, dialogs::chooseCsv);
    exportCsv.disableProperty().bind(viewModel.dataset().canExportProperty().not());
    MenuItem quit = item("Quit", null, "Ctrl+Q", () -> {
      Window window = this.window.get();
      if (window != null) {
        window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        if (window.isShowing()) {
          ((javafx.stage.Stage) window).close();
        }
      }
    });
    Menu file = new Menu("File", null, openModel, openImages, openResults, recent, new SeparatorMenuItem(), export,
        exportComparison, exportNpy, exportCsv, new SeparatorMenuItem(), quit);

    MenuItem zoomIn = item("Zoom in", Material2MZ.ZOOM_IN, "Shortcut+Equals", () -> heatmap.canvas().zoomIn());
    MenuItem zoomOut = item("Zoom out", Material2MZ.ZOOM_OUT, "Shortcut+Minus", () -> heatmap.canvas().zoomOut());
    MenuItem fit = item("Fit to window", Material2MZ.ZOOM_OUT_MAP, "Shortcut+0", () -> heatmap.canvas().fit());
    MenuItem datasetItem = item("Dataset", null, "Shortcut+1",
        () -> viewModel.selectedTabProperty().set(MainTab.DATASET));
    MenuItem explain = item("Explain", null, "Shortcut+2", () -> viewModel.selectedTabProperty().set(MainTab.EXPLAIN));
    MenuItem compare = item("Compare", null, "Shortcut+3", () -> viewModel.selectedTabProperty().set(MainTab.COMPARE));
    MenuItem mispredicted = item("Show mispredicted images", null, "Shortcut+M", () -> {
      viewModel.selectedTabProperty().set(MainTab.DATASET);
      viewModel.dataset().grid().showMispredicted();
    });
    mispredicted.disableProperty().bind(viewModel.dataset().labelledProperty().not());
    MenuItem next = item("Next image", null, "Alt+Down", () -> viewModel.stepImage(1));
    MenuItem previous = item("Previous image", null, "Alt+Up", () -> viewModel.stepImage(-1));
    CheckMenuItem imageList = new CheckMenuItem("Image list");
    imageList.setAccelerator(KeyCombination.keyCombination("Shortcut+L"));
    imageList.selectedProperty().bindBidirectional(viewModel.imageListShownProperty());
    Menu view = new Menu("View", null, datasetItem, explain, compare, new SeparatorMenuItem(), imageList, mispredicted,
        new SeparatorMenuItem(), zoomIn, zoomOut, fit, new SeparatorMenuItem(), next, previous);

    MenuItem run = item("Run attribution", Material2MZ.PLAY_ARROW, "F5", () -> viewModel.attribution().run());
    run.disableProperty().bind(viewModel.attribution().canRunProperty().not());
    MenuItem cancel = item("Cancel", Material2MZ.STOP, "Esc", () -> {
      viewModel.attribution().cancel();
      viewModel.comparison().cancel();
    });
    cancel.disableProperty().bind(viewModel.attribution().runningProperty().not()
        .and(viewModel.comparison().runningProperty().not()));
    MenuItem runComparison = item("Run comparison", null, "Shift+F5", () -> {
      viewModel.selectedTabProperty().set(MainTab.COMPARE);
      viewModel.comparison().run();
    });
    MenuItem stopDataset = item("Stop predicting the dataset", null, null, () -> viewModel.dataset().run().cancel());
    stopDataset.disableProperty().bind(viewModel.dataset().run().runningProperty().not());
    MenuItem resumeDataset = item("Resume predicting the dataset", null, null, () -> viewModel.dataset().run().resume());
    resumeDataset.disableProperty().bind(viewModel.dataset().run().resumableProperty().not()
        .or(viewModel.dataset().run().runningProperty()));
    Menu runMenu = new Menu("Run", null, run, runComparison, cancel, new SeparatorMenuItem(), stopDataset,
        resumeDataset, new SeparatorMenuItem(), deviceMenu());

    Menu help = new Menu("Help");
    MenuBar menuBar = new MenuBar(file, view, runMenu, help);
    MenuItem shortcuts = item("Keyboard shortcuts", Material2AL.KEYBOARD, "F1",
        () -> HelpDialogs.showShortcuts(window.get(), ShortcutSheet.of(menuBar)));
    MenuItem demoGuide = item("What to look for in the demo", null, null, () -> HelpDialogs.showDemoGuide(window.get(),
        DemoGuide.points(viewModel.dataset().grid(), () -> viewModel.selectedTabProperty().set(MainTab.DATASET))));
    MenuItem about = item("About Comprehendo", null, null, () -> HelpDialogs.showAbout(window.get()));
    help.getItems().setAll(shortcuts, demoGuide, new SeparatorMenuItem(), about);
    return menuBar;
  }

  /** Run ▸ Compute on: automatic, CPU or GPU; choosing reloads the open model there. */
  private Menu deviceMenu() {
    ReadOnlyBooleanProperty gpu = viewModel.gpuAvailableProperty();
    ToggleGroup group = new ToggleGroup();
    Menu menu = new Menu("Compute on");
    menu.setId(NodeIds.DEVICE_MENU);
    for (DeviceChoice choice : DeviceChoice.values()) {
      RadioMenuItem item = new RadioMenuItem();
      item.textProperty().bind(switch (choice) {
        case AUTO -> Bindings.when(gpu).then("Automatic (the GPU)").otherwise("Automatic (CPU: no GPU found)");
        case CPU -> Bindings.createStringBinding(() -> "CPU");
        case GPU -> Bindings.when(gpu).then("GPU").otherwise("GPU (unavailable: CPU build of libtorch, see docs/gpu.md)");
      });
      item.setToggleGroup(group);
      item.setUserData(choice);
      if (choice == DeviceChoice.GPU) {
        item.disableProperty().bind(gpu.not());
      }
      item.setSelected(viewModel.deviceProperty().get() == choice);
      item.setOnAction(e -> viewModel.useDevice(choice));
      menu.getItems().add(item);
    }
    // A device that failed to load falls back; the radio buttons follow the view-model.
    viewModel.deviceProperty().addListener((obs, old, value) -> group.getToggles().forEach(
        toggle -> toggle.setSelected(toggle.getUserData() == value)));
    return menu;
  }

  private static MenuItem item(String text, org.kordamp.ikonli.Ikon icon, String accelerator, Runnable action) {
    MenuItem item = new MenuItem(text, icon == null ? null : new FontIcon(icon));
    if (accelerator != null) {
      item.setAccelerator(KeyCombination.keyCombination(accelerator));
    }
    item.setOnAction(e -> action.run());
    return item;
  }

  private void fillRecent(Menu recent) {
    recent.getItems().clear();
    for (Path model : viewModel.recentFiles().models()) {
      recent.getItems().add(item(model.getFileName() + "  —  " + model.getParent(), Material2AL.INSIGHTS, null,
          () -> viewModel.openModel(model)));
    }
    if (!recent.getItems().isEmpty()) {
      recent.getItems().add(new SeparatorMenuItem());
    }
    for (Path folder : viewModel.recentFiles().folders()) {
      recent.getItems().add(item(folder.getFileName() + "  —  " + folder.getParent(), Material2AL.FOLDER, null,
          () -> viewModel.openFolder(folder, null)));
    }
    if (recent.getItems().isEmpty()) {
      MenuItem none = new MenuItem("No recent files");
      none.setDisable(true);
      recent.getItems().add(none);
    } else {
      recent.getItems().add(new SeparatorMenuItem());
      recent.getItems().add(item("Clear recent files", null, null, () -> viewModel.recentFiles().clear()));
    }
  }
}

package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.data.NpyArray;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.ui.explain.TargetOption;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.CancellingTaskExecutor;
import com.comprehendo.ui.task.CurrentThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.prefs.Preferences;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's wiring, on the current thread with a fake model: no toolkit, no libtorch. */
class MainViewModelTest {

  @TempDir Path dir;

  @Test
  void openingAModelAndAFolderSelectsTheFirstImageAndExplainsIt() throws Exception {
    List<Path> images = Fixtures.images(dir.resolve("images"), 2);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;

      assertEquals("Comprehendo — model.pt — images", vm.titleProperty().get());
      assertEquals(4, vm.images().images().size());
      assertEquals(images.get(0), vm.currentImageProperty().get().entry().path());
      assertEquals(0, vm.currentImageProperty().get().trueClass().getAsInt(), "cat/ names the true class");
      assertNotNull(vm.predictionProperty().get());
      assertNotNull(vm.attribution().resultProperty().get(), "auto-run computes on selection");
      assertNotNull(vm.heatmap().rendered());
      assertEquals(1, vm.sessionProperty().get().computationCount());
      assertEquals(List.of(dir.resolve("model.pt")), harness.viewModel.recentFiles().models());
    }
  }

  @Test
  void theTrueClassTargetFollowsEachImagesLabel() {
    Fixtures.images(dir.resolve("images"), 2);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      TargetOption trueClass = vm.attribution().targetOptions().stream().filter(TargetOption::isTrueClass)
          .findFirst().orElseThrow(() -> new AssertionError("no True class entry"));
      assertEquals(1, vm.attribution().targetOptions().indexOf(trueClass), "right after Predicted class");
      vm.attribution().targetProperty().set(trueClass);
      assertEquals(Optional.of(0), vm.attribution().resolveTarget(), "cat_1 is a cat");
      assertTrue(vm.attribution().targetSummaryProperty().get().contains("“cat”"),
          vm.attribution().targetSummaryProperty().get());

      vm.images().selectedProperty().set(vm.images().images().stream()
          .filter(e -> e.fileName().equals("dog_1.png")).findFirst().orElseThrow());
      assertEquals(Optional.of(1), vm.attribution().resolveTarget(), "the target follows the image's label");
      assertEquals(trueClass, vm.attribution().targetProperty().get());
    }
  }

  @Test
  void goingBackToAnImageUsesTheCacheInsteadOfRecomputing() {
    List<Path> images = Fixtures.images(dir.resolve("images"), 2);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      List<Path> listed = vm.images().filteredImages().stream().map(e -> e.path()).toList();
      assertEquals(Set.copyOf(images), Set.copyOf(listed));
      vm.images().selectNext();
      assertEquals(listed.get(1), vm.currentImageProperty().get().entry().path());
      assertEquals(2, harness.explainer().attributions.get());

      vm.images().selectPrevious();

      assertEquals(listed.get(0), vm.currentImageProperty().get().entry().path());
      assertEquals(2, harness.explainer().attributions.get(), "no new computation");
      assertNotNull(vm.attribution().resultProperty().get());
      assertTrue(vm.attribution().statusTextProperty().get().startsWith("From cache"));
    }
  }

  @Test
  void choosingAnotherTargetExplainsThatClass() {
    Fixtures.images(dir.resolve("images"), 1);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      int predicted = vm.predictionProperty().get().predictedIndex();
      int other = 1 - predicted;

      vm.attribution().targetProperty().set(vm.attribution().targetOptions().get(other + 1));

      assertEquals(other, vm.attribution().resultKeyProperty().get().target());
      assertEquals(List.of("ig:" + predicted, "ig:" + other), harness.explainer().log);
      assertTrue(vm.attribution().targetSummaryProperty().get().contains(List.of("cat", "dog").get(other)));
      assertEquals(TargetOption.PREDICTED, vm.attribution().targetOptions().get(0).index());
    }
  }

  @Test
  void withoutAutoRunNothingIsComputedUntilRun() {
    Fixtures.images(dir.resolve("images"), 1);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.viewModel;
      vm.attribution().autoRunProperty().set(false);
      harness.open(dir.resolve("model.pt"), dir.resolve("images"));
      assertNull(vm.attribution().resultProperty().get());
      assertEquals("Press Run to compute", vm.attribution().statusTextProperty().get());
      assertTrue(vm.attribution().canRunProperty().get());

      vm.attribution().run();

      assertNotNull(vm.attribution().resultProperty().get());
      assertEquals(1, harness.explainer().attributions.get());
    }
  }

  @Test
  void aFailingModelLeavesAnErrorNoticeAndTheExplorerUsable() throws Exception {
    Fixtures.images(dir.resolve("images"), 1);
    CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    Preferences preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
    MainViewModel vm = new MainViewModel(ExplorerContext.of(executor, (file, device) -> {
      throw new ModelLoadException(file.getFileName() + " is not a TorchScript archive");
    }, new RecentFiles(preferences)));

    vm.openModel(dir.resolve("bad.pt"));
    vm.openFolder(dir.resolve("images"), null);

    Notices.Notice notice = vm.notices().items().get(0);
    assertEquals(Notices.Severity.ERROR, notice.severity());
    assertEquals("Cannot open bad.pt", notice.title());
    assertEquals("bad.pt is not a TorchScript archive", notice.message());
    assertFalse(vm.modelLoadingProperty().get());
    assertNull(vm.sessionProperty().get());
    assertNotNull(vm.currentImageProperty().get(), "images still open without a model");
    preferences.removeNode();
  }

  @Test
  void changingTheDeviceReloadsTheModelThereAndAnUnavailableOneChangesNothing() throws Exception {
    Fixtures.images(dir.resolve("images"), 1);
    List<DeviceChoice> asked = new ArrayList<>();
    Preferences preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
    MainViewModel vm = new MainViewModel(ExplorerContext.of(new CurrentThreadTaskExecutor(), (file, device) -> {
      asked.add(device);
      if (device == DeviceChoice.GPU) {
        throw new ModelLoadException("no GPU is available to PyTorch");
      }
      return new FakeExplainer(file);
    }, new RecentFiles(preferences)));
    vm.openModel(dir.resolve("model.pt"));
    vm.openFolder(dir.resolve("images"), null);
    assertEquals(DeviceChoice.AUTO, vm.deviceProperty().get());
    assertTrue(vm.modelSummaryProperty().get().endsWith(" · CPU"), vm.modelSummaryProperty().get());
    var autoSession = vm.sessionProperty().get();

    vm.useDevice(DeviceChoice.CPU);
    assertEquals(List.of(DeviceChoice.AUTO, DeviceChoice.CPU), asked, "the open model is loaded again");
    assertNotSame(autoSession, vm.sessionProperty().get());
    var cpuSession = vm.sessionProperty().get();

    vm.useDevice(DeviceChoice.GPU);
    assertEquals(DeviceChoice.CPU, vm.deviceProperty().get(), "the choice falls back");
    assertSame(cpuSession, vm.sessionProperty().get(), "the model stays where it was");
    Notices.Notice notice = vm.notices().items().get(vm.notices().items().size() - 1);
    assertEquals(Notices.Severity.ERROR, notice.severity());
    assertEquals("no GPU is available to PyTorch", notice.message());
    preferences.removeNode();
  }

  @Test
  void aFolderOpensOnItsFirstReadableImage() throws Exception {
    List<Path> images = Fixtures.images(dir.resolve("images"), 1);
    Files.writeString(dir.resolve("images/cat/a_broken.png"), "not a png");
    Files.writeString(dir.resolve("images/cat/b_broken.png"), "not a png either");
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;

      assertEquals("a_broken.png", vm.images().images().get(0).fileName(), "listed first");
      assertEquals(images.get(0), vm.currentImageProperty().get().entry().path(), "shown: the first readable one");
      assertNotNull(vm.attribution().resultProperty().get());
      List<Notices.Notice> problems = vm.notices().items().stream().filter(n -> n.title().startsWith("Cannot read")).toList();
      assertEquals(1, problems.size(), "one notice for both files: " + problems);
      assertEquals("Cannot read 2 images", problems.get(0).title());
      assertTrue(problems.get(0).fades());

      // Chosen by the user, an unreadable image stays shown with its message.
      vm.images().selectedProperty().set(vm.images().images().get(0));
      assertNull(vm.currentImageProperty().get());
    }
  }

  @Test
  void anUnreadableImageGivesANoticeAndSelectingAnotherWorks() throws Exception {
    List<Path> images = Fixtures.images(dir.resolve("images"), 1);
    Files.writeString(dir.resolve("images/cat/broken.png"), "not a png");
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      vm.images().selectedProperty().set(vm.images().images().stream()
          .filter(e -> e.fileName().equals("broken.png")).findFirst().orElseThrow());

      assertNull(vm.currentImageProperty().get());
      Notices.Notice notice = vm.notices().items().get(vm.notices().items().size() - 1);
      assertEquals("Cannot read broken.png", notice.title());
      assertTrue(notice.message().contains("not an image"), notice.message());

      vm.images().selectedProperty().set(vm.images().images().stream()
          .filter(e -> e.path().equals(images.get(1))).findFirst().orElseThrow());
      assertNotNull(vm.attribution().resultProperty().get());
    }
  }

  @Test
  void openingAnImageOpensItsFolderAndSelectsIt() {
    List<Path> images = Fixtures.images(dir.resolve("images"), 3);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.viewModel;
      vm.open(List.of(dir.resolve("model.pt"), images.get(2)));

      assertEquals(images.get(2), vm.currentImageProperty().get().entry().path());
      assertEquals(3, vm.images().images().size(), "the image's own folder");
    }
  }

  @Test
  void exportsWriteTheRawAttributionAndAFigure() throws Exception {
    Fixtures.images(dir.resolve("images"), 1);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      Path npy = dir.resolve("out.npy");
      Path png = dir.resolve("out.png");

      vm.exportNpy(npy);
      vm.exportViewPng(png);

      NpyArray written = NpyArray.read(npy);
      assertEquals(List.of(1, 3, 8, 8), java.util.Arrays.stream(written.shape()).boxed().toList());
      assertTrue(java.util.Arrays.equals(vm.attribution().resultProperty().get().values(), written.data()));
      var figure = ImageIO.read(png.toFile());
      assertTrue(figure.getWidth() >= 256, "panels are enlarged to at least 256 px");
      assertTrue(vm.suggestedExportName().startsWith("cat_1_ig_"));
    }
  }

  @Test
  void aPreviewLeftByACancelledRunIsNotExportedAsTheAttribution() throws Exception {
    Fixtures.images(dir.resolve("images"), 1);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;
      AttributionViewModel attribution = vm.attribution();
      harness.explainer().reportedSeconds = 100; // slow from now on: the next IG shows an estimate first
      attribution.parameter("n_steps").orElseThrow().valueProperty().set("7");
      attribution.run();
      // Cancelled as soon as its estimate is shown, as a user would press Esc.
      attribution.previewingProperty().addListener((obs, was, previewing) -> {
        if (previewing) {
          attribution.cancel();
        }
      });
      attribution.parameter("n_steps").orElseThrow().valueProperty().set("60");
      attribution.run();
      assertTrue(attribution.previewingProperty().get());
      assertEquals("Cancelled · showing the preview", attribution.statusTextProperty().get());
      assertFalse(vm.canExportAttribution());

      Path npy = dir.resolve("preview.npy");
      vm.exportNpy(npy);
      vm.exportViewPng(dir.resolve("preview.png"));

      assertFalse(Files.exists(npy));
      assertFalse(Files.exists(dir.resolve("preview.png")));
      assertTrue(vm.notices().items().stream().anyMatch(n -> n.title().equals("Only a preview is shown")));
    }
  }

  @Test
  void aModelLoadCancelledWhileItRanOrJustAfterClosesTheModelItLoaded() throws Exception {
    for (CancellingTaskExecutor executor : List.of(CancellingTaskExecutor.whileRunning("Loading"),
        CancellingTaskExecutor.afterItReturned("Loading"))) {
      List<FakeExplainer> loaded = new ArrayList<>();
      Preferences preferences = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
      MainViewModel vm = new MainViewModel(ExplorerContext.of(executor, (file, device) -> {
        FakeExplainer explainer = new FakeExplainer(file);
        loaded.add(explainer);
        return explainer;
      }, new RecentFiles(preferences)));

      vm.openModel(dir.resolve("model.pt"));

      assertEquals(1, loaded.size());
      assertTrue(loaded.get(0).closed(), "a cancelled load keeps no model open");
      assertNull(vm.sessionProperty().get());
      preferences.removeNode();
    }
  }

  @Test
  void aNewModelReplacesTheOldOneAndClosesIt() {
    Fixtures.images(dir.resolve("images"), 1);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("a.pt"), dir.resolve("images")).viewModel;
      FakeExplainer first = harness.explainer();

      vm.openModel(dir.resolve("b.pt"));

      assertTrue(first.closed());
      assertEquals(dir.resolve("b.pt"), vm.sessionProperty().get().explainer().file());
      assertNotNull(vm.attribution().resultProperty().get(), "the current image is explained with the new model");
      assertEquals("Comprehendo — b.pt — images", vm.titleProperty().get());
    }
  }
}

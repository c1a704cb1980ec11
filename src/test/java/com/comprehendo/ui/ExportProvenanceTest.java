package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Sidecars;
import com.comprehendo.platform.BuildInfo;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's exports write a provenance sidecar beside each file, with the right hashes. */
class ExportProvenanceTest {

  @TempDir Path dir;

  @Test
  void anAttributionExportRecordsModelImageMethodAndTarget() throws Exception {
    List<Path> images = Fixtures.images(dir.resolve("images"), 1);
    Path model = Files.writeString(dir.resolve("model.pt"), "weights");
    Path modelSidecar = Files.writeString(dir.resolve("model.json"), "{\"classes\": [\"cat\", \"dog\"]}");
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(model, dir.resolve("images")).viewModel;
      vm.attribution().parameter("n_steps").orElseThrow().valueProperty().set("7");
      vm.attribution().run();
      Path out = dir.resolve("exports/ig.npy");

      vm.exportNpy(out);

      JsonObject sidecar = Sidecars.of(out);
      assertEquals(BuildInfo.version(), sidecar.get("comprehendo_version").getAsString());
      assertEquals("export the attribution as .npy", sidecar.get("explorer_action").getAsString());
      assertTrue(sidecar.get("command_line").isJsonNull());
      Sidecars.assertRecords(out, sidecar.getAsJsonObject("output"));
      Sidecars.assertRecords(model, sidecar.getAsJsonObject("model"));
      Sidecars.assertRecords(modelSidecar, sidecar.getAsJsonObject("model").getAsJsonObject("sidecar"));
      Path shown = vm.currentImageProperty().get().entry().path();
      assertTrue(images.contains(shown));
      Sidecars.assertRecords(shown, sidecar.getAsJsonObject("inputs").getAsJsonObject("input"));
      assertEquals("ig", sidecar.get("method").getAsString());
      assertEquals(7, sidecar.getAsJsonObject("parameters").get("n_steps").getAsInt());
      assertEquals(vm.attribution().resultKeyProperty().get().target(), sidecar.get("target").getAsInt());
      assertEquals("CPU", sidecar.get("device").getAsString());
      assertEquals(List.of(1, 3, 8, 8), java.util.Arrays.stream(NpyArray.read(out).shape()).boxed().toList());
    }
  }

  @Test
  void aFigureExportRecordsTheDisplaySettings() throws Exception {
    Fixtures.images(dir.resolve("images"), 1);
    Path model = Files.writeString(dir.resolve("model.pt"), "weights");
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(model, dir.resolve("images")).viewModel;
      Path png = dir.resolve("view.png");

      vm.exportViewPng(png);

      JsonObject sidecar = Sidecars.of(png);
      Sidecars.assertRecords(png, sidecar.getAsJsonObject("output"));
      assertEquals("ig", sidecar.get("method").getAsString());
      JsonObject settings = sidecar.getAsJsonObject("settings");
      assertEquals(vm.display().sign().cliName(), settings.get("sign").getAsString());
      assertEquals(vm.display().outlierPercent(), settings.get("outlier_perc").getAsDouble());
    }
  }

  @Test
  void theDatasetCsvExportRecordsTheFolder() throws Exception {
    Fixtures.images(dir.resolve("images"), 2);
    Path model = Files.writeString(dir.resolve("model.pt"), "weights");
    try (ExplorerHarness harness = new ExplorerHarness()) {
      harness.open(model, dir.resolve("images"));
      Path csv = dir.resolve("predictions.csv");

      harness.viewModel.dataset().exportCsv(csv);

      JsonObject sidecar = Sidecars.of(csv);
      assertEquals("export the dataset's predictions as CSV", sidecar.get("explorer_action").getAsString());
      Sidecars.assertRecords(csv, sidecar.getAsJsonObject("output"));
      Sidecars.assertRecords(model, sidecar.getAsJsonObject("model"));
      JsonObject data = sidecar.getAsJsonObject("inputs").getAsJsonObject("data");
      assertEquals(dir.resolve("images").toString(), data.get("folder").getAsString());
      assertEquals(4, data.get("predicted").getAsInt());
    }
  }

  @Test
  void aRefusedExportLeavesNeitherFileNorSidecar() throws Exception {
    Fixtures.images(dir.resolve("images"), 1);
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
    Path link = Files.createSymbolicLink(dir.resolve("out.npy"), victim);
    try (ExplorerHarness harness = new ExplorerHarness()) {
      MainViewModel vm = harness.open(dir.resolve("model.pt"), dir.resolve("images")).viewModel;

      vm.exportNpy(link);

      assertEquals("precious", Files.readString(victim));
      assertFalse(Files.exists(dir.resolve("out.npy.json")));
      var notice = vm.notices().items().get(vm.notices().items().size() - 1);
      assertEquals("Cannot write out.npy", notice.title());
      assertTrue(notice.message().contains("is a symbolic link"), notice.message());
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of("images", "out.npy", "victim.txt"),
            files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
      }
    }
  }
}

package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.platform.OutputException;
import com.comprehendo.platform.Sha256;
import com.comprehendo.platform.SpecialFiles;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

  @TempDir Path folder;

  @Test
  void aFileParameterIsRecordedByItsHashNotByItsShape() throws Exception {
    Path baseline = Files.writeString(folder.resolve("b.npy"), "tensor");
    Map<String, Object> effective = new LinkedHashMap<>();
    effective.put("baselines", "tensor[1, 3, 8, 8]");
    effective.put("n_steps", 50);

    Map<String, Object> recorded = Provenance.parameters(effective, Map.of("baselines", baseline.toString(), "n_steps", "50"));

    assertEquals(Map.of("file", baseline.toString(), "sha256", Sha256.of(baseline)), recorded.get("baselines"));
    assertEquals(50, recorded.get("n_steps"));
    assertEquals("blur:3", Provenance.parameters(Map.of(), Map.of("baselines", "blur:3")).get("baselines"));
  }

  @Test
  void writesTheFileAndItsSidecarTogether() throws Exception {
    Path out = folder.resolve("a.npy");
    Provenance provenance = Provenance.builder()
        .setExplorerAction("export")
        .optMethod("ig", Map.of("n_steps", 7, "stdevs", Double.NaN), Map.of())
        .optCreated(Instant.parse("2026-01-02T03:04:05.678Z"))
        .build();

    provenance.write(out, stream -> stream.write("data".getBytes(StandardCharsets.UTF_8)));

    JsonObject sidecar = Sidecars.of(out);
    Sidecars.assertRecords(out, sidecar.getAsJsonObject("output"));
    assertEquals("2026-01-02T03:04:05.678Z", sidecar.get("created").getAsString());
    assertTrue(sidecar.getAsJsonObject("parameters").get("stdevs").isJsonNull(), "NaN is written as null");
    assertTrue(sidecar.get("seed").isJsonNull());
    assertEquals(List.of(out, Provenance.sidecarOf(out)), SpecialFiles.list(folder));
  }

  @Test
  void aRefusedSidecarLeavesNoOutputEither() throws Exception {
    Path out = folder.resolve("a.png");
    Files.createDirectory(Provenance.sidecarOf(out));
    Provenance provenance = Provenance.builder().setCommandLine(List.of("comprehendo", "render")).build();

    OutputException refused = assertThrows(OutputException.class, () -> provenance.write(out, stream -> stream.write(1)));

    assertTrue(refused.refused());
    assertFalse(Files.exists(out));
    assertEquals(List.of(Provenance.sidecarOf(out)), SpecialFiles.list(folder));
  }

  @Test
  void exactlyOneOfCommandLineAndExplorerActionIsRecorded() {
    assertThrows(IllegalStateException.class, () -> Provenance.builder().build());
    assertThrows(IllegalStateException.class,
        () -> Provenance.builder().setCommandLine(List.of("comprehendo")).setExplorerAction("export").build());
    assertEquals(folder.resolve("ig.npy.json"), Provenance.sidecarOf(folder.resolve("ig.npy")));
  }
}

package com.comprehendo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the sidecar of a model given as a symbolic link is found: beside the link first, then beside
 * the file the link points to (session 10; before, only beside the link, so a link to a model took the
 * defaults, classes named by index, and its dataset's labels matched no class).
 */
class SidecarLookupTest {

  @TempDir Path dir;
  Path models;
  Path work;
  Path model;

  @BeforeEach
  void placeAModelWithItsSidecar() throws IOException {
    models = Files.createDirectories(dir.resolve("models"));
    work = Files.createDirectories(dir.resolve("work"));
    model = Files.writeString(models.resolve("model.pt"), "stands for a TorchScript file");
    Files.writeString(models.resolve("model.json"), "{\"classes\": [\"cat\", \"dog\"]}");
  }

  @Test
  void aLinkFindsTheSidecarBesideTheFileItPointsTo() throws Exception {
    Path link = Files.createSymbolicLink(work.resolve("model.pt"), model);

    assertEquals(Optional.of(models.resolve("model.json").toRealPath()), ModelSpec.sidecarFile(link));
    assertEquals(List.of("cat", "dog"), ModelSpec.forModel(link).classes());
  }

  @Test
  void aLinkOfAnotherNameOrAChainOfLinksFindsTheSidecarOfTheFileAtTheEnd() throws Exception {
    Path renamed = Files.createSymbolicLink(work.resolve("mine.pt"), model);
    Path chain = Files.createSymbolicLink(work.resolve("chain.pt"), renamed);
    Path relative = Files.createSymbolicLink(work.resolve("relative.pt"), work.relativize(model));

    for (Path link : List.of(renamed, chain, relative)) {
      assertEquals(List.of("cat", "dog"), ModelSpec.forModel(link).classes(), link.toString());
    }
  }

  @Test
  void aSidecarBesideTheLinkComesFirst() throws Exception {
    Path link = Files.createSymbolicLink(work.resolve("model.pt"), model);
    Files.writeString(work.resolve("model.json"), "{\"classes\": [\"fox\", \"owl\"]}");

    assertEquals(Optional.of(work.resolve("model.json")), ModelSpec.sidecarFile(link));
    assertEquals(List.of("fox", "owl"), ModelSpec.forModel(link).classes());
  }

  @Test
  void aDanglingLinkOrALoopIsLookedAtBesideItselfOnly() throws Exception {
    Path dangling = Files.createSymbolicLink(work.resolve("gone.pt"), models.resolve("gone.pt"));
    Path loop = work.resolve("loop.pt");
    Files.createSymbolicLink(loop, loop);

    assertEquals(List.of(work.resolve("gone.json"), work.resolve("gone.pt.json")), ModelSpec.sidecarCandidates(dangling));
    assertEquals(List.of(work.resolve("loop.json"), work.resolve("loop.pt.json")), ModelSpec.sidecarCandidates(loop));
    assertEquals(Optional.empty(), ModelSpec.sidecarFile(loop));
  }

  @Test
  void aModelThatIsNoLinkIsLookedAtBesideItselfOnly() {
    assertEquals(List.of(models.resolve("model.json"), models.resolve("model.pt.json")),
        ModelSpec.sidecarCandidates(model));
  }
}

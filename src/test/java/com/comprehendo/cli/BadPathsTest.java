package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.data.CsvReader;
import com.comprehendo.platform.SpecialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every command says of a path that cannot be what its option takes (the CLI's bad-input sweep,
 * session 9): one line naming the option and what is there, exit 2, before the model is loaded; an
 * output option's help says that a file already there is replaced.
 */
class BadPathsTest {

  private static final Path DEMO = Path.of("assets", "demo");
  private static final String MODEL = DEMO.resolve("model.pt").toString();
  private static final String IMAGE = DEMO.resolve("images/circle/img_0000.png").toString();

  @TempDir Path dir;

  /** Exit 2 and exactly {@code line} on stderr. */
  private static void assertRefused(String line, String... args) {
    Run run = AttributeCommandTest.run(args);
    assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
    assertEquals(line, run.err().strip(), String.join(" ", args));
  }

  @Test
  void anInputThatIsAFolderAFifoOrADeviceIsNamedForWhatItIs() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("folder"));
    Path fifo = dir.resolve("fifo");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
    String out = dir.resolve("out.npy").toString();
    for (Path path : List.of(folder, fifo, Path.of("/dev/null"))) {
      String what = path.equals(folder) ? "is a directory" : path.equals(fifo) ? "is a FIFO (named pipe)"
          : "is a character device";
      String bad = path.toString();
      assertRefused("attribute: --model: " + bad + " " + what + ", not a TorchScript file",
          "attribute", "--model", bad, "--input", IMAGE, "--method", "saliency", "--out", out);
      assertRefused("attribute: --input: " + bad + " " + what + ", not an image or .npy file",
          "attribute", "--model", MODEL, "--input", bad, "--method", "saliency", "--out", out);
      assertRefused("predict: --model: " + bad + " " + what + ", not a TorchScript file",
          "predict", "--model", bad, "--data", DEMO.resolve("images").toString(), "--out", dir.resolve("p.csv").toString());
      assertRefused("explain: --model: " + bad + " " + what + ", not a TorchScript file",
          "explain", "--model", bad, "--data", DEMO.resolve("images").toString(), "--out", dir.resolve("r").toString());
      assertRefused("render: --attr: " + bad + " " + what + ", not an .npy file",
          "render", "--attr", bad, "--out", dir.resolve("h.png").toString());
      assertRefused("evaluate: --input: " + bad + " " + what + ", not an image or .npy file",
          "evaluate", "--model", MODEL, "--input", bad, "--metric", "sensitivity", "--method", "saliency");
      assertRefused("bench: --model: " + bad + " " + what + ", not a TorchScript file",
          "bench", "--model", bad, "--methods", "ig", "--repeats", "1");
    }
    assertEquals(SpecialFiles.FIFO, SpecialFiles.type(fifo), "the FIFO is left as it was");
  }

  @Test
  void aMissingLabelsFileIsAUsageErrorFoundBeforeTheModelLoads() throws IOException {
    // The model is no TorchScript file: loading it first would end in exit 1 on --model.
    String notAModel = Files.writeString(dir.resolve("model.pt"), "not a model").toString();
    String images = DEMO.resolve("images").toString();
    String missing = DEMO.resolve("images").resolve("absent.csv").toString();
    assertRefused("predict: --labels: no such file: " + missing, "predict", "--model", notAModel, "--data", images,
        "--labels", "csv:absent.csv", "--out", dir.resolve("p.csv").toString());
    assertRefused("explain: --labels: no such file: " + missing, "explain", "--model", notAModel, "--data", images,
        "--labels", "csv:absent.csv", "--out", dir.resolve("r").toString());
    assertRefused("predict: --labels: " + dir + " is a directory, not a CSV file", "predict", "--model", notAModel,
        "--data", images, "--labels", "csv:" + dir, "--out", dir.resolve("p.csv").toString());
  }

  @Test
  void aDataPathThatIsNoFolderOrALinkToNothingIsRefusedBeforeTheModelLoads() throws Exception {
    // The model is no TorchScript file: loading it first would end in exit 1 on --model, hiding --data.
    String notAModel = Files.writeString(dir.resolve("model.pt"), "not a model").toString();
    Path file = Files.writeString(dir.resolve("file.png"), "not a folder");
    Path fifo = dir.resolve("fifo");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
    Path loop = dir.resolve("loop");
    Files.createSymbolicLink(loop, loop);
    Path missing = dir.resolve("missing");
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), missing);
    List<String[]> cases = List.of(
        new String[] {missing.toString(), "no such folder: " + missing},
        new String[] {file.toString(), file + " is a file, not a folder"},
        new String[] {"/dev/null", "/dev/null is a character device, not a folder"},
        new String[] {fifo.toString(), fifo + " is a FIFO (named pipe), not a folder"},
        new String[] {loop.toString(), loop + " is a loop of symbolic links"},
        new String[] {dangling.toString(), dangling + " is a symbolic link to a missing file"});
    for (String[] bad : cases) {
      assertRefused("predict: --data: " + bad[1],
          "predict", "--model", notAModel, "--data", bad[0], "--out", dir.resolve("p.csv").toString());
      assertRefused("explain: --data: " + bad[1],
          "explain", "--model", notAModel, "--data", bad[0], "--out", dir.resolve("r").toString());
      assertRefused("bench: --dataset: " + bad[1],
          "bench", "--model", notAModel, "--methods", "ig", "--repeats", "1", "--dataset", bad[0]);
    }
    for (Path link : List.of(loop, dangling)) {
      String told = link + (link.equals(loop) ? " is a loop of symbolic links" : " is a symbolic link to a missing file");
      assertRefused("predict: --model: " + told, "predict", "--model", link.toString(), "--data",
          DEMO.resolve("images").toString(), "--out", dir.resolve("p.csv").toString());
      assertRefused("predict: --labels: " + told, "predict", "--model", notAModel, "--data",
          DEMO.resolve("images").toString(), "--labels", "csv:" + link, "--out", dir.resolve("p.csv").toString());
    }
    assertEquals(SpecialFiles.FIFO, SpecialFiles.type(fifo), "the FIFO is left as it was");
  }

  @Test
  void aDataFolderWithoutReadPermissionIsRefusedBeforeTheModelLoads() throws IOException {
    String notAModel = Files.writeString(dir.resolve("model.pt"), "not a model").toString();
    Path locked = Files.createDirectories(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assumeFalse(Files.isReadable(locked), "run as root: no permission keeps root from a folder");
      assertRefused("predict: --data: cannot read the folder " + locked + ": permission denied",
          "predict", "--model", notAModel, "--data", locked.toString(), "--out", dir.resolve("p.csv").toString());
      assertRefused("explain: --data: cannot read the folder " + locked + ": permission denied",
          "explain", "--model", notAModel, "--data", locked.toString(), "--out", dir.resolve("r").toString());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aLabelsFileThatCannotBeUsedIsToldBeforeTheModelLoads() throws IOException {
    // Before: "--model: model.pt is not a TorchScript archive …", exit 1; the labels were read after the model.
    String notAModel = Files.writeString(dir.resolve("model.pt"), "not a model").toString();
    Path folder = Files.createDirectories(dir.resolve("data"));
    Files.copy(Path.of(IMAGE), folder.resolve("img_0000.png"));
    Files.writeString(folder.resolve("labels.csv"), "image,kind\nimg_0000.png,circle\n");
    String expected = "--labels: labels.csv has no 'label' column; its header is: image, kind (expected columns file,label)";
    assertRefused("predict: " + expected,
        "predict", "--model", notAModel, "--data", folder.toString(), "--out", dir.resolve("p.csv").toString());
    assertRefused("explain: " + expected,
        "explain", "--model", notAModel, "--data", folder.toString(), "--out", dir.resolve("r").toString());
  }

  @Test
  void attributeRefusesAnOutputItCannotWriteBeforeLoadingTheModel() throws Exception {
    String notAModel = Files.writeString(dir.resolve("model.pt"), "not a model").toString();
    Path fifo = dir.resolve("fifo.npy");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
    assertRefused("attribute: --out: cannot write " + fifo + ": is a FIFO (named pipe) (Comprehendo replaces only"
        + " regular files)", "attribute", "--model", notAModel, "--input", IMAGE, "--method", "saliency",
        "--out", fifo.toString());
  }

  @Test
  void wholeNumbersAreRefusedInTheWordsOfEveryOtherOption() {
    String data = DEMO.resolve("images").toString();
    String out = dir.resolve("p.csv").toString();
    for (String[] bad : new String[][] {{"1e3", "'1e3' is not a whole number"}, {"NaN", "'NaN' is not a whole number"},
        {"2147483648", "2147483648 is too large (at most 2147483647)"}}) {
      Run run = AttributeCommandTest.run("predict", "--model", MODEL, "--data", data, "--out", out, "--batch-size", bad[0]);
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("comprehendo predict: --batch-size: " + bad[1], run.err().lines().findFirst().orElse(""));
    }
    Run small = AttributeCommandTest.run("evaluate", "--model", MODEL, "--input", IMAGE, "--metric", "sensitivity",
        "--method", "saliency", "--target", "-2147483649");
    assertEquals("comprehendo evaluate: --target: -2147483649 is too small (at least -2147483648)",
        small.err().lines().findFirst().orElse(""));
  }

  @Test
  void benchRefusesADatasetWithoutImages() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertRefused("bench: --dataset: no image files in " + empty,
        "bench", "--model", MODEL, "--methods", "ig", "--repeats", "1", "--dataset", empty.toString());
  }

  @Test
  void explainOverNoImagesWritesTheIndexItReports() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path out = dir.resolve("results");
    Run run = AttributeCommandTest.run("explain", "--model", MODEL, "--data", empty.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("wrote " + out.resolve(ResultsFolder.INDEX)), run.out());
    assertEquals(List.of(ResultsFolder.COLUMNS), CsvReader.readAll(out.resolve(ResultsFolder.INDEX)));
  }

  @Test
  void everyOutputOptionSaysThatAFileThereIsReplaced() {
    List<String> missing = new ArrayList<>();
    for (String[] option : new String[][] {{"attribute", "--out"}, {"render", "--out"}, {"render", "--normalized-out"},
        {"predict", "--out"}, {"evaluate", "--curve-out"}}) {
      String help = String.join(" ", ComprehendoCommand.commandLine().getSubcommands().get(option[0])
          .getCommandSpec().findOption(option[1]).description());
      if (!help.contains("A file already there is replaced")) {
        missing.add(option[0] + " " + option[1] + ": " + help);
      }
    }
    assertEquals(List.of(), missing);
    assertFalse(CommandOutputs.REPLACES.isBlank());
  }
}

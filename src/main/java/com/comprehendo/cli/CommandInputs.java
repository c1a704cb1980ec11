package com.comprehendo.cli;

import com.comprehendo.data.LabelSource;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.platform.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The check of an input file before any work, the same for every command: one line that names the
 * option and says what is at the path when it is not a regular file ("--model: /data is a directory,
 * not a TorchScript file"), exit 2. Reading a FIFO would wait for ever and a device gives no file:
 * neither reaches the work.
 */
final class CommandInputs {

  private CommandInputs() {}

  /**
   * Refuses anything but a regular file (a link to one is fine) at {@code file}.
   *
   * @param expected what the option takes, for the message, e.g. "a TorchScript file"
   */
  static void requireFile(String option, Path file, String expected) throws CommandFailure {
    if (Files.isRegularFile(file)) {
      return;
    }
    String kind = AtomicFiles.describeNonFile(file);
    throw CommandFailure.usage(option + ": " + (kind.isEmpty() ? "no such file: " + file
        : file + " " + kind + ", not " + expected));
  }

  /**
   * The labels file of a {@code csv:FILE} rule for the dataset folder {@code data}, checked before the
   * model loads: a relative FILE is looked up in the dataset folder first, then in the working
   * directory (as {@link LabelSource.CsvFile} says). Empty for the other rules.
   */
  static Optional<Path> labelsFile(LabelSource rule, Path data) throws CommandFailure {
    if (!(rule instanceof LabelSource.CsvFile csv)) {
      return Optional.empty();
    }
    Path inFolder = data.resolve(csv.file());
    Path file = Files.exists(inFolder) || !Files.exists(csv.file()) ? inFolder : csv.file();
    requireFile("--labels", file, "a CSV file");
    return Optional.of(file);
  }

  /**
   * Puts the places the model's sidecar may be ({@link ModelSpec#sidecarCandidates}) among the inputs
   * that no output may overwrite, each named by its file name, or by its path when a link and the file
   * it points to share the name (both {@code model.json}): one name per entry, none dropped.
   */
  static void putModelSidecars(Map<String, Path> inputs, Path modelFile) {
    for (Path sidecar : ModelSpec.sidecarCandidates(modelFile)) {
      String byName = "the model's sidecar " + sidecar.getFileName();
      inputs.put(inputs.containsKey(byName) ? "the model's sidecar " + sidecar : byName, sidecar);
    }
  }
}

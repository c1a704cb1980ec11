package com.comprehendo.cli;

import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.LabelsFileException;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.IoErrors;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * The check of an input file before any work, the same for every command: one line that names the
 * option and says what is at the path when it is not a regular file ("--model: /data is a directory,
 * not a TorchScript file"), exit 2. Reading a FIFO would wait for ever and a device gives no file:
 * neither reaches the work. A dataset folder is checked, and read with its labels, before the model
 * loads too: loading takes seconds, and a model that fails to load would hide what is wrong with the
 * folder.
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
    Optional<String> broken = brokenLink(file);
    if (broken.isPresent()) {
      throw CommandFailure.usage(option + ": " + broken.get());
    }
    String kind = AtomicFiles.describeNonFile(file);
    throw CommandFailure.usage(option + ": " + (kind.isEmpty() ? "no such file: " + file
        : file + " " + kind + ", not " + expected));
  }

  /**
   * Refuses anything but a folder that can be listed at {@code folder} (a link to one is fine): "no such
   * folder", what is there instead ("is a FIFO (named pipe), not a folder", "is a loop of symbolic
   * links") or why it cannot be read ("permission denied").
   */
  static void requireFolder(String option, Path folder) throws CommandFailure {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(folder, BasicFileAttributes.class);
    } catch (IOException e) {
      Optional<String> broken = brokenLink(folder);
      if (broken.isPresent()) {
        throw CommandFailure.usage(option + ": " + broken.get());
      }
      throw CommandFailure.usage(option + ": " + (e instanceof NoSuchFileException ? "no such folder: " + folder
          : "cannot read " + folder + ": " + IoErrors.reason(e)));
    }
    if (!attributes.isDirectory()) {
      String kind = attributes.isRegularFile() ? "is a file" : AtomicFiles.describeNonFile(folder);
      throw CommandFailure.usage(option + ": " + folder + " " + kind + ", not a folder");
    }
    try {
      // Opening the listing is what a folder without read permission refuses.
      Files.newDirectoryStream(folder).close();
    } catch (IOException e) {
      throw CommandFailure.usage(option + ": cannot read the folder " + folder + ": " + IoErrors.reason(e));
    }
  }

  /**
   * What is wrong with {@code path} when it is a symbolic link that leads to nothing ("is a symbolic
   * link to a missing file", "is a loop of symbolic links"); empty for anything else. Without it, both
   * read "no such file", which a user who sees the link with ls would not believe.
   */
  private static Optional<String> brokenLink(Path path) {
    if (!Files.isSymbolicLink(path)) {
      return Optional.empty();
    }
    try {
      path.toRealPath();
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.of(path + " is a symbolic link to a missing file");
    } catch (IOException e) {
      // ELOOP: "Too many levels of symbolic links", which the JDK follows with "or unable to access
      // attributes of symbolic link"; a chain over the system's 40 links is as good as a loop.
      boolean loop = e instanceof FileSystemException fs && String.valueOf(fs.getReason()).startsWith("Too many levels");
      return Optional.of(path + (loop ? " is a loop of symbolic links" : " is a symbolic link that cannot be followed: "
          + IoErrors.reason(e)));
    }
  }

  /**
   * The images of the {@code --data} folder and their labels, read before the model loads (their
   * classes are matched to the model's after it): a folder that cannot be read or a labels file that
   * cannot be used is a wrong argument (exit 2) named for its option, {@code --data} or {@code
   * --labels}; a failure while the folder is read ends the work (exit 1).
   */
  static Dataset scanDataset(Path data, LabelSource rule) throws CommandFailure {
    try {
      return DatasetScanner.scan(data, rule);
    } catch (LabelsFileException e) {
      throw CommandFailure.usage("--labels: " + e.getMessage());
    } catch (DatasetException e) {
      throw CommandFailure.usage("--data: " + e.getMessage());
    } catch (IOException | IllegalArgumentException e) {
      throw CommandFailure.work("--data: " + e.getMessage());
    }
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

package com.comprehendo.cli;

import com.comprehendo.data.Provenance;
import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.OutputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a command writes its files: checked before the work starts (each output, and its provenance
 * sidecar, must be a regular file or nothing, and no input of the command), then written with their
 * sidecars all together or not at all ({@link AtomicFiles}). Failures are one line that names the
 * option: exit 2 for a refused path, 1 for a failed write.
 */
final class CommandOutputs {

  /** One output of a command: the option that names it, the file, and its content. */
  record Output(String option, Path file, AtomicFiles.Content content) {}

  /**
   * What every output option's help adds: a file already at the path is replaced (a folder, link,
   * device or FIFO is refused, see {@link #check}).
   */
  static final String REPLACES = " A file already there is replaced, with its provenance sidecar (.json).";

  private CommandOutputs() {}

  /** The command as typed, for provenance: {@code comprehendo} and every argument. */
  static List<String> commandLine(CommandSpec spec) {
    CommandSpec root = spec;
    while (root.parent() != null) {
      root = root.parent();
    }
    List<String> line = new ArrayList<>();
    line.add("comprehendo");
    if (root == spec) {
      line.add(spec.name()); // run on its own (as tests do), not as a subcommand of comprehendo
    }
    line.addAll(root.commandLine().getParseResult().originalArgs());
    return line;
  }

  /**
   * Refuses, before any work, outputs that could not be written: a device, FIFO, link or folder at
   * the path or at its sidecar's, a path that is one of the command's inputs (however spelt), or
   * one path given for two outputs.
   *
   * @param outputs option name to path (null paths are skipped)
   * @param inputs option name to path (null paths are skipped)
   */
  static void check(Map<String, Path> outputs, Map<String, Path> inputs) throws CommandFailure {
    List<Map.Entry<String, Path>> seen = new ArrayList<>();
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      if (output.getValue() == null) {
        continue;
      }
      String option = output.getKey();
      for (Path path : List.of(output.getValue(), Provenance.sidecarOf(output.getValue()))) {
        try {
          AtomicFiles.checkTarget(path);
        } catch (OutputException e) {
          throw failure(option, e);
        }
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
          if (input.getValue() != null && AtomicFiles.sameFile(path, input.getValue())) {
            throw CommandFailure.usage(option + ": " + path + " is the same file as " + input.getKey()
                + "; choose another output");
          }
        }
        for (Map.Entry<String, Path> other : seen) {
          if (AtomicFiles.sameFile(path, other.getValue())) {
            throw CommandFailure.usage(option + ": " + path + " is also written for " + other.getKey());
          }
        }
      }
      seen.add(Map.entry(option, output.getValue()));
      seen.add(Map.entry(option + " (provenance)", Provenance.sidecarOf(output.getValue())));
    }
  }

  /** Writes every output with its sidecar; all of them appear, or none. */
  static void write(Provenance provenance, Output... outputs) throws CommandFailure {
    try (AtomicFiles files = new AtomicFiles()) {
      for (Output output : outputs) {
        try {
          files.add(output.file(), output.content());
          provenance.addSidecar(files, output.file());
        } catch (OutputException e) {
          throw failure(output.option(), e);
        }
      }
      try {
        files.commit();
      } catch (OutputException e) {
        throw failure(optionOf(e.path(), outputs), e);
      }
    }
  }

  private static String optionOf(Path failed, Output[] outputs) {
    for (Output output : outputs) {
      Path file = output.file().toAbsolutePath();
      if (failed == null || failed.equals(file) || failed.equals(Provenance.sidecarOf(file))) {
        return output.option();
      }
    }
    return outputs[0].option();
  }

  private static CommandFailure failure(String option, OutputException e) {
    String message = option + ": " + e.getMessage();
    return e.refused() ? CommandFailure.usage(message) : CommandFailure.work(message);
  }
}

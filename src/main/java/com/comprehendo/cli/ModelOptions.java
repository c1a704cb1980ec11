package com.comprehendo.cli;

import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.DeviceChoice;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of every command that loads a model: {@code --model}, {@code --device} and {@code
 * --memory-budget}, read by converters so that a wrong value is refused while the arguments are parsed
 * (one line naming the option, exit 2). A command takes them with {@code @Mixin ModelOptions model;}.
 */
@Command
public final class ModelOptions {

  @Option(names = "--model", required = true, paramLabel = "M.pt", description = "TorchScript model (sidecar M.json beside it).")
  private Path modelFile;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", converter = DeviceConverter.class,
      description = "Where to compute (default: ${DEFAULT-VALUE}).")
  private DeviceChoice device;

  @Option(names = "--memory-budget", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      description = "Memory one pass may use, e.g. 512m, 2g (default 1g; at most 75%% of this machine's memory).")
  private Long memoryBudgetBytes;

  /** The model file as given. */
  public Path modelFile() {
    return modelFile;
  }

  /** Where to compute, as asked ({@link DeviceChoice#resolve()} finds the device). */
  public DeviceChoice device() {
    return device;
  }

  /** The memory budget given, capped to the machine; the default budget when none was given. */
  public BatchBudget budget() {
    return memoryBudgetBytes == null ? BatchBudget.defaultBudget() : new BatchBudget(memoryBudgetBytes);
  }

  /** A note when the budget given is more than this machine can give (it is then capped). */
  public Optional<String> budgetNote() {
    return memoryBudgetBytes == null ? Optional.empty() : BatchBudget.capNote(memoryBudgetBytes);
  }

  /** {@code auto}, {@code cpu} or {@code gpu}. */
  static final class DeviceConverter implements CommandLine.ITypeConverter<DeviceChoice> {
    @Override
    public DeviceChoice convert(String value) {
      try {
        return DeviceChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code 512m}, {@code 2g}, bytes ({@link BatchBudget#parseBytes}). */
  static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return BatchBudget.parseBytes(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}

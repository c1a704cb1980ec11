package com.comprehendo.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every executor needs to explain its partitions, sent once with the job (as a broadcast).
 *
 * @param modelFileName the model's name among the job's files ({@code SparkContext.addFile})
 * @param modelSha256 its SHA-256 on the driver: an executor refuses a model file that differs
 * @param modelRecord the model's provenance record (location, hash, sidecar)
 * @param commandLine the job's arguments, for provenance
 * @param device {@code auto}, {@code cpu} or {@code gpu} (see {@code DeviceChoice})
 * @param methodId the method's id
 * @param given its parameters as given (Captum's names, text)
 * @param target the target rule as {@code TargetChoice.describe} writes it
 * @param runKey the run's key, written into each map's sidecar
 * @param budgetBytes the memory one model pass may use; 0 for the default
 * @param dataRoot the dataset folder's URI ({@code file:/…}, {@code hdfs://…}), which image keys are
 *     relative to
 * @param labels each image's true class index by key (absent: unlabelled)
 * @param boxes each image's object box by key, {@code x0 y0 x1 y1} in image pixels
 * @param out the results folder's URI
 * @param hadoopConfiguration the driver's Hadoop configuration, written by {@link HadoopFiles#write}
 */
record JobSettings(
    String modelFileName,
    String modelSha256,
    HashMap<String, Object> modelRecord,
    List<String> commandLine,
    String device,
    String methodId,
    HashMap<String, String> given,
    String target,
    String runKey,
    long budgetBytes,
    String dataRoot,
    HashMap<String, Integer> labels,
    HashMap<String, double[]> boxes,
    String out,
    byte[] hadoopConfiguration) implements Serializable {

  JobSettings {
    commandLine = List.copyOf(commandLine);
  }

  /** The image's true class index, −1 when unlabelled. */
  int labelOf(String key) {
    return labels.getOrDefault(key, -1);
  }

  /** Parameters as given, as an unmodifiable map. */
  Map<String, String> givenParameters() {
    return Map.copyOf(given);
  }
}

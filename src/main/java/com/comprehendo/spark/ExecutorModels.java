package com.comprehendo.spark;

import com.comprehendo.model.DeviceChoice;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.DjlSettings;
import com.comprehendo.platform.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkFiles;

/**
 * One model per executor JVM, loaded on the first task that needs it and kept for the JVM's life:
 * loading a TorchScript model and unpacking libtorch cost seconds, a task's images less. The file
 * comes with the job ({@code SparkContext.addFile}); its SHA-256 must be the driver's, so every
 * executor explains with the very model the driver read (a file replaced on shared storage while the
 * job runs fails the task instead of mixing two models in one results folder).
 */
final class ExecutorModels {

  /** By SHA-256 and device. */
  private static final Map<String, TorchScriptClassifier> LOADED = new HashMap<>();

  private ExecutorModels() {}

  /**
   * The job's model on this JVM.
   *
   * @throws IllegalStateException when the file that reached this executor is not the driver's
   */
  static TorchScriptClassifier get(JobSettings settings) throws IOException, ModelLoadException {
    return get(settings.modelFileName(), settings.modelSha256(), settings.device());
  }

  /**
   * The model added to the job as {@code fileName}, which must have {@code sha256}, on {@code device}
   * ({@code auto}, {@code cpu}, {@code gpu}).
   */
  static synchronized TorchScriptClassifier get(String fileName, String sha256, String device)
      throws IOException, ModelLoadException {
    String key = sha256 + " " + device;
    TorchScriptClassifier model = LOADED.get(key);
    if (model != null) {
      return model;
    }
    DjlSettings.configureOffline();
    Path file = Path.of(SparkFiles.get(fileName));
    String actual = Sha256.of(file);
    if (!actual.equals(sha256)) {
      throw new IllegalStateException("the model file " + file + " on this executor has SHA-256 " + actual
          + ", the driver's " + sha256 + ": was it replaced while the job ran?");
    }
    model = TorchScriptClassifier.load(file, DeviceChoice.parse(device).resolve());
    LOADED.put(key, model);
    return model;
  }
}

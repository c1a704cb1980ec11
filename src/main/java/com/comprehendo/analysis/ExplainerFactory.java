package com.comprehendo.analysis;

import com.comprehendo.model.DeviceChoice;
import com.comprehendo.model.ModelLoadException;
import java.nio.file.Path;

/** Opens a model file; runs on a worker thread, as loading takes seconds. */
@FunctionalInterface
public interface ExplainerFactory {

  /**
   * @param device where the model computes (auto: the GPU when libtorch sees one)
   * @throws ModelLoadException with a message for the user when the file cannot be used, or the device
   *     is not available
   */
  Explainer open(Path modelFile, DeviceChoice device) throws ModelLoadException;
}

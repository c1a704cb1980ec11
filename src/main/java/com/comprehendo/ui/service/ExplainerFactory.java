package com.comprehendo.ui.service;

import com.comprehendo.model.ModelLoadException;
import java.nio.file.Path;

/** Opens a model file; runs on a worker thread, as loading takes seconds. */
@FunctionalInterface
public interface ExplainerFactory {

  /** @throws ModelLoadException with a message for the user when the file cannot be used */
  Explainer open(Path modelFile) throws ModelLoadException;
}

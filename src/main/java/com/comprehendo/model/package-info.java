/**
 * TorchScript classifiers through DJL's PyTorch engine, with input gradients
 * ({@link com.comprehendo.model.TorchScriptClassifier}), the sidecar that describes a model
 * ({@link com.comprehendo.model.ModelSpec}), and device choice. Bad model files are refused with a
 * {@link com.comprehendo.model.ModelLoadException} whose message tells the user what to do.
 */
package com.comprehendo.model;

package com.comprehendo.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Where tensors live: the GPU when there is one (auto), or a forced choice. */
public enum DeviceChoice {
  AUTO,
  CPU,
  GPU;

  public static DeviceChoice parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return AUTO;
      case "cpu":
        return CPU;
      case "gpu":
      case "cuda":
        return GPU;
      default:
        throw new IllegalArgumentException("unknown device '" + text + "' (allowed: auto, cpu, gpu)");
    }
  }

  /** GPUs the PyTorch build in use can see (0 with the bundled CPU build). */
  public static int availableGpus() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }

  /**
   * The DJL device.
   *
   * @throws ModelLoadException if a GPU is asked for and the PyTorch build in use sees none
   */
  public Device resolve() throws ModelLoadException {
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    switch (this) {
      case CPU:
        return Device.cpu();
      case GPU:
        if (gpus == 0) {
          throw new ModelLoadException(
              "no GPU is available to PyTorch: the bundled libtorch is the CPU build. See docs/gpu.md to run "
                  + "with a CUDA build of libtorch (PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR).");
        }
        return Device.gpu();
      default:
        return gpus > 0 ? Device.gpu() : Device.cpu();
    }
  }
}

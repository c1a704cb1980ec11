package com.comprehendo.cli;

import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** A command's {@code --input}: an image preprocessed by the model's sidecar, or a float32 .npy used as is. */
final class InputTensor {

  private InputTensor() {}

  /**
   * Reads {@code input} as a batch: a .npy of shape 1×C×H×W or C×H×W (made 1×C×H×W), or an image
   * decoded and preprocessed for the model. A .npy holding NaN or ±Infinity is refused (exit 2).
   *
   * @param option the option's name for messages, e.g. {@code --input}
   */
  static NpyArray read(Path input, Preprocessing preprocessing, String option) throws CommandFailure {
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      NpyArray tensor;
      try {
        tensor = NpyArray.read(input);
      } catch (IOException e) {
        throw CommandFailure.work(option + ": " + e.getMessage());
      }
      var nonFinite = tensor.nonFinite();
      if (nonFinite.isPresent()) {
        throw CommandFailure.usage(option + ": " + input + " holds " + nonFinite.get()
            + "; every attribution of it would be NaN");
      }
      int[] shape = tensor.shape();
      if (shape.length == 3) {
        return new NpyArray(new int[] {1, shape[0], shape[1], shape[2]}, tensor.data());
      }
      if (shape.length != 4) {
        throw CommandFailure.usage(option + ": a .npy input must have shape 1×C×H×W or C×H×W, got " + Arrays.toString(shape));
      }
      return tensor;
    }
    try {
      float[] chw = ImageTensors.toChw(ImageDecoder.createDefault().decode(input), preprocessing);
      return new NpyArray(new int[] {1, preprocessing.channels(), preprocessing.height(), preprocessing.width()}, chw);
    } catch (ImageDecodeException e) {
      throw CommandFailure.work(option + ": cannot read " + input + ": " + e.reason());
    }
  }
}

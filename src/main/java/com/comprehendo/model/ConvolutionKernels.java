package com.comprehendo.model;

import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import com.comprehendo.platform.DjlSettings;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses oneDNN's kernels before a model's first convolution. libtorch 2.7.1's oneDNN computes wrong
 * input gradients on AVX-512 and AVX2 CPUs for convolutions whose channel counts are not multiples of
 * its blocks (measured: 5, 6, 12, 20, 24, 40 channels wrong; 16, 32 and ResNet's 64–512 right), and every
 * gradient method here goes through them. Its SSE4.1 kernels are right on every count tried but about
 * three times slower on ResNet-34, so they are chosen only for a model that has such a convolution: a
 * 4-D weight whose output channels, or input channels beyond an image's 1 to 4, are not a multiple of 16.
 *
 * <p>oneDNN reads its limit once, at its first kernel: a later model in the same process keeps the first
 * one's kernels. A model that needs the safe ones after a fast model has run gets libtorch's own
 * convolutions instead ({@link OneDnnSwitch}): layer IG on a 4- and 5-channel model gave a different,
 * wrong sum on about a third of 30 repeats with the fast kernels, the same right one every time with
 * either remedy, and still right with a fast model opened after it while it stays open.
 */
final class ConvolutionKernels {

  private static final Logger LOG = LoggerFactory.getLogger(ConvolutionKernels.class);
  private static final int BLOCK = 16;

  private static boolean convolutionsRan;
  private static boolean safe;
  /** Open models that need oneDNN switched off; it is switched back on when the last is closed. */
  private static int needingOff;

  private ConvolutionKernels() {}

  /**
   * Before {@code block}'s first forward pass: the safe kernels if it needs them. Too late for oneDNN's
   * limit (another model ran first with the fast kernels), oneDNN is switched off for convolutions
   * instead, libtorch's own convolutions taking over, until every model that needed that is closed: a
   * model safe with the fast kernels loaded meanwhile runs on libtorch's own too (slower, right), rather
   * than the open model getting oneDNN's wrong gradients back.
   *
   * @return to run when the model is closed (releases the switch it held, if any)
   */
  static synchronized Runnable prepare(PtSymbolBlock block, Path file) {
    String reason = unsafeConvolution(block);
    Runnable release = () -> {};
    if (reason != null && !safe) {
      if (!convolutionsRan && DjlSettings.safeConvolutionKernels()) {
        safe = true;
        LOG.info("{} has {}: oneDNN limited to its SSE4.1 kernels, whose gradients are right", file, reason);
      } else if (OneDnnSwitch.set(false)) {
        needingOff++;
        boolean[] released = {false};
        release = () -> releaseOff(released); // once, however often the model is closed
        LOG.info("{} has {}: oneDNN's fast kernels give wrong gradients for it on this CPU and were chosen by a model"
            + " before it; oneDNN is off while this model is open", file, reason);
      } else {
        LOG.warn("{} has {}: libtorch's fast convolution kernels give wrong gradients for it on this CPU, and "
            + "another model already chose them in this process; open Comprehendo with this model first", file, reason);
      }
    } else if (reason == null && needingOff > 0) {
      LOG.info("{}: oneDNN stays off while a model that needs it off is open (libtorch's own convolutions)", file);
    }
    convolutionsRan = true;
    return release;
  }

  private static synchronized void releaseOff(boolean[] released) {
    if (!released[0]) {
      released[0] = true;
      if (--needingOff == 0) {
        OneDnnSwitch.set(true);
      }
    }
  }

  /** The first convolution weight whose channels miss the block, described; null when there is none. */
  static String unsafeConvolution(PtSymbolBlock block) {
    for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
      long[] shape = parameter.getValue().getArray().getShape().getShape();
      if (shape.length != 4) {
        continue;
      }
      long out = shape[0];
      long in = shape[1];
      if (out % BLOCK != 0 || (in > 4 && in % BLOCK != 0)) {
        return "a convolution with " + in + " input and " + out + " output channels (" + parameter.getKey() + ")";
      }
    }
    return null;
  }
}

package com.comprehendo.ui.support;

import com.comprehendo.render.RgbImage;
import java.nio.file.Path;

/**
 * An image as the model sees it: the resized pixels (what heat maps are drawn over, at the
 * attribution's resolution) and the normalized input tensor made from exactly those pixels.
 *
 * @param source the image file
 * @param originalWidth the decoded image's width
 * @param originalHeight the decoded image's height
 * @param pixels the model-sized RGB pixels
 * @param tensor the normalized input, channels first {@code (C, H, W)}; null when no model is open
 * @param channels the tensor's channel count
 */
public record PreparedImage(
    Path source, int originalWidth, int originalHeight, RgbImage pixels, float[] tensor, int channels) {}

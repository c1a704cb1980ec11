package com.comprehendo.ui;

import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.PreparedImage;
import java.util.OptionalInt;

/**
 * The image being explained, decoded and preprocessed for the open model.
 *
 * @param entry where it was found in the folder
 * @param prepared its pixels and input tensor
 * @param trueClass the class its folder name names, when that is one of the model's classes
 */
public record CurrentImage(ImageEntry entry, PreparedImage prepared, OptionalInt trueClass) {}

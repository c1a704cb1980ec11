/**
 * Images and datasets, in pure Java (no DJL, no JavaFX): everything between a folder on disk and
 * the float tensor a model consumes.
 *
 * <ul>
 *   <li>{@link com.comprehendo.data.ImageDecoder} decodes JPEG/PNG/BMP/GIF/WebP/TIFF to 8-bit RGB
 *       with Pillow's {@code convert("RGB")} semantics and EXIF orientation, refusing bad files
 *       with short human reasons ({@link com.comprehendo.data.ImageDecodeException}).
 *   <li>{@link com.comprehendo.data.ImageTensors} resizes (Pillow-exact bilinear, fastai geometry)
 *       and normalizes to a {@code C × H × W} float array per {@link
 *       com.comprehendo.data.Preprocessing}.
 *   <li>{@link com.comprehendo.data.DatasetScanner} lists a folder's images without opening them
 *       and labels them by a {@link com.comprehendo.data.LabelSource}; {@link
 *       com.comprehendo.data.Dataset#matchClasses} aligns the labels with a model's classes.
 *   <li>{@link com.comprehendo.data.CsvReader} / {@link com.comprehendo.data.CsvWriter} read and
 *       atomically write RFC 4180 CSV; {@link com.comprehendo.data.NpyArray} exchanges tensors with
 *       NumPy.
 * </ul>
 *
 * <p>Nothing here writes into a dataset folder.
 */
package com.comprehendo.data;

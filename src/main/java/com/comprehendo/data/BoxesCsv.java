package com.comprehendo.data;

import com.comprehendo.data.CsvReader.CsvFormatException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the object of each image is: a CSV with a header and the columns {@code file} and {@code box},
 * {@code file} relative to the dataset folder (as in a labels CSV), {@code box} the object's bounding
 * box {@code x0 y0 x1 y1} in the image's own pixels, {@code x1, y1} exclusive ({@link BoundingBox}).
 * Other columns are ignored, so the demo's {@code ground-truth.csv} ({@code file,label,true_label,box})
 * is such a file. A row with an empty box gives that image no box.
 *
 * <pre>{@code
 * Map<String, BoundingBox> boxes = BoxesCsv.read(Path.of("ground-truth.csv"), dataset.root());
 * BoundingBox star = boxes.get("star/img_0091.png");
 * }</pre>
 */
public final class BoxesCsv {

  private BoxesCsv() {}

  /**
   * Reads the boxes, keyed by the dataset-relative, {@code /}-separated path of each file.
   *
   * @param root the dataset folder the {@code file} column is relative to
   * @throws DatasetException naming the file, the line and what is wrong (a missing column, a box that
   *     is not four numbers or is empty, one file given two different boxes)
   */
  public static Map<String, BoundingBox> read(Path file, Path root) throws DatasetException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    Path base = root.toAbsolutePath().normalize();
    Map<String, BoundingBox> boxes = new HashMap<>();
    try (CsvReader reader = CsvReader.open(file)) {
      List<String> header = reader.next();
      if (header == null) {
        throw new DatasetException(name + " is empty; it needs a header with 'file' and 'box' columns");
      }
      int fileColumn = DatasetScanner.column(header, name, "file,box", "file", "file", "filename", "path", "image");
      int boxColumn = DatasetScanner.column(header, name, "file,box", "box", "box", "bbox");
      for (List<String> row = reader.next(); row != null; row = reader.next()) {
        if (row.size() == 1 && row.get(0).isBlank()) {
          continue;
        }
        if (row.size() <= Math.max(fileColumn, boxColumn)) {
          throw new DatasetException(
              name + " line " + reader.line() + ": expected " + header.size() + " fields, found " + row.size());
        }
        String image = row.get(fileColumn).strip();
        String text = row.get(boxColumn).strip();
        if (image.isEmpty() || text.isEmpty()) {
          continue;
        }
        BoundingBox box;
        try {
          box = BoundingBox.parse(text);
        } catch (IllegalArgumentException e) {
          throw new DatasetException(name + " line " + reader.line() + ": " + e.getMessage());
        }
        String key = DatasetScanner.csvKey(base, image);
        BoundingBox previous = boxes.putIfAbsent(key, box);
        if (previous != null && !previous.equals(box)) {
          throw new DatasetException(
              name + " line " + reader.line() + ": " + image + " has two boxes (" + previous + " and " + box + ")");
        }
      }
    } catch (NoSuchFileException e) {
      throw new DatasetException("boxes file not found: " + file, e);
    } catch (CsvFormatException e) {
      throw new DatasetException(name + " " + e.getMessage(), e);
    } catch (DatasetException e) {
      throw e;
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return Collections.unmodifiableMap(boxes);
  }
}

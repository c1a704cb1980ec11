package com.comprehendo.analysis.explain;

import com.comprehendo.data.CsvReader;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a results folder written by {@link ResultsFolder} (by {@code comprehendo explain}), for
 * showing its maps without computing them again.
 *
 * <pre>{@code
 * ResultsIndex results = ResultsIndex.read(Path.of("RESULTS"));
 * for (ResultsIndex.Row row : results.rows()) { NpyArray map = results.map(row); ... }
 * }</pre>
 *
 * @param folder the results folder
 * @param datasetRoot the dataset folder the run read (from the index's provenance), if recorded
 * @param rows the images with a map
 */
public record ResultsIndex(Path folder, Optional<Path> datasetRoot, List<Row> rows) {

  /**
   * One image with a map.
   *
   * @param key its dataset-relative path
   * @param method the method's id
   * @param energyInBox as written (empty without a box)
   * @param pointingHit as written
   * @param map the map's path relative to the folder
   */
  public record Row(String key, String method, OptionalDouble energyInBox, Optional<Boolean> pointingHit, String map) {}

  /**
   * The index of {@code folder}.
   *
   * @throws DatasetException when there is no index of ours, or it cannot be read
   */
  public static ResultsIndex read(Path folder) throws DatasetException {
    Path index = folder.resolve(ResultsFolder.INDEX);
    List<List<String>> all;
    try {
      all = CsvReader.readAll(index);
    } catch (IOException e) {
      throw new DatasetException("no results in " + folder + ": cannot read " + ResultsFolder.INDEX
          + " (" + e.getMessage() + ")", e);
    }
    if (all.isEmpty() || !all.get(0).equals(ResultsFolder.COLUMNS)) {
      throw new DatasetException(index + " is not an index of comprehendo explain (its columns differ)");
    }
    List<Row> rows = new ArrayList<>();
    int energy = ResultsFolder.COLUMNS.indexOf("energy_in_box");
    int pointing = ResultsFolder.COLUMNS.indexOf("pointing_hit");
    int map = ResultsFolder.COLUMNS.indexOf("map");
    int method = ResultsFolder.COLUMNS.indexOf("method");
    for (List<String> row : all.subList(1, all.size())) {
      if (row.size() != ResultsFolder.COLUMNS.size() || !row.get(map).endsWith(".npy")) {
        continue;
      }
      rows.add(new Row(row.get(0), row.get(method),
          row.get(energy).isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(row.get(energy))),
          row.get(pointing).isEmpty() ? Optional.empty() : Optional.of(row.get(pointing).equals("1")), row.get(map)));
    }
    Optional<Path> root = Provenance.read(index).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
        .map(json -> json.get("inputs")).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
        .map(inputs -> inputs.get("data")).filter(JsonElement::isJsonPrimitive).map(data -> Path.of(data.getAsString()));
    return new ResultsIndex(folder, root, List.copyOf(rows));
  }

  /** The map of {@code row}. */
  public NpyArray map(Row row) throws IOException {
    return NpyArray.read(folder.resolve(row.map()));
  }

  /** The size of the image the map of {@code row} was made from (from its sidecar); empty if unknown. */
  public Optional<int[]> imageSize(Row row) {
    return Provenance.read(folder.resolve(row.map())).filter(JsonElement::isJsonObject)
        .map(JsonElement::getAsJsonObject).map(json -> json.get("settings")).filter(JsonElement::isJsonObject)
        .map(JsonElement::getAsJsonObject).filter(s -> s.has("image_width") && s.has("image_height"))
        .map((JsonObject s) -> new int[] {s.get("image_width").getAsInt(), s.get("image_height").getAsInt()});
  }

  /** Whether {@code folder} looks like a results folder (it has an index). */
  public static boolean isResults(Path folder) {
    return Files.isRegularFile(folder.resolve(ResultsFolder.INDEX));
  }
}

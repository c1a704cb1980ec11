package com.comprehendo.spark;

import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.data.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The index as a table: text rows between executors and the driver, and the Parquet copy of {@code
 * index.csv} with the same columns typed (numbers as numbers, {@code pointing_hit} as a boolean, empty
 * fields as nulls), so it can be queried where it lies ({@code spark.read.parquet(".../index.parquet")}).
 */
final class IndexTable {

  /** The Parquet folder's name in the results folder. */
  static final String PARQUET = "index.parquet";

  /** {@link ResultsFolder#COLUMNS}, every one text, as {@code index.csv} has them. */
  static final StructType TEXT_SCHEMA = schema(false);

  /** The same columns typed, for Parquet. */
  static final StructType TYPED_SCHEMA = schema(true);

  private IndexTable() {}

  private static StructType schema(boolean typed) {
    List<StructField> fields = new ArrayList<>();
    for (String column : ResultsFolder.COLUMNS) {
      fields.add(DataTypes.createStructField(column, typed ? typeOf(column) : DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  private static DataType typeOf(String column) {
    switch (column) {
      case "probability":
      case "loss":
        return DataTypes.FloatType;
      case "energy_in_box":
      case "deletion_auc":
      case "insertion_auc":
        return DataTypes.DoubleType;
      case "pointing_hit":
        return DataTypes.BooleanType;
      default:
        return DataTypes.StringType;
    }
  }

  /** One index row with its fields typed as {@link #TYPED_SCHEMA} says. */
  static Row typed(List<String> row) {
    Object[] values = new Object[row.size()];
    StructField[] fields = TYPED_SCHEMA.fields();
    for (int i = 0; i < values.length; i++) {
      String text = row.get(i);
      DataType type = fields[i].dataType();
      if (type == DataTypes.StringType) {
        values[i] = text;
      } else if (text.isEmpty()) {
        values[i] = null;
      } else if (type == DataTypes.FloatType) {
        values[i] = Float.parseFloat(text);
      } else if (type == DataTypes.DoubleType) {
        values[i] = Double.parseDouble(text);
      } else {
        values[i] = text.equals("1");
      }
    }
    return RowFactory.create(values);
  }

  /** Writes the rows as one Parquet file in {@code folder}, replacing it, with the index's provenance beside it. */
  static void writeParquet(SparkSession spark, HadoopFiles files, Path folder, List<List<String>> rows,
      Provenance provenance) throws IOException {
    List<Row> typed = new ArrayList<>(rows.size());
    rows.forEach(row -> typed.add(typed(row)));
    spark.createDataFrame(typed, TYPED_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(folder.toString());
    String sha256 = null;
    for (FileStatus part : files.fileSystem(folder).listStatus(folder)) {
      if (part.getPath().getName().endsWith(".parquet")) {
        sha256 = ClusterRun.sha256(files.readIfExists(part.getPath()).orElseThrow());
      }
    }
    String sidecar = provenance.toJson(HadoopFiles.location(folder), sha256);
    files.writeTogether(Map.of(new Path(folder.getParent(), PARQUET + ".json"), sidecar.getBytes(StandardCharsets.UTF_8)));
  }
}

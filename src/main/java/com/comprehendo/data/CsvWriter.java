package com.comprehendo.data;

import com.comprehendo.platform.AtomicFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a UTF-8 CSV file atomically, through {@link AtomicFiles}: rows go to a temporary file next
 * to the target, and only {@link #commit()} moves it into place, so readers never see half a file, a
 * failed run leaves the previous file untouched, and only a regular file is replaced. Closing without
 * committing deletes the temporary file.
 *
 * <p>Fields are quoted per RFC 4180 when they contain a comma, a double quote, a line break or
 * leading/trailing spaces; quotes are doubled. Rows end with {@code \n} (what pandas and most Unix
 * tools write; every CSV reader accepts it). {@code null} is written as an empty field.
 *
 * <pre>{@code
 * try (CsvWriter csv = CsvWriter.create(Path.of("predictions.csv"))) {
 *   csv.writeRow("file", "predicted", "probability");
 *   csv.writeRow("cats/tom, the cat.jpg", "cat", "0.93");
 *   csv.commit();
 * }
 * }</pre>
 */
public final class CsvWriter implements Closeable {

  private final AtomicFiles files;
  private final boolean ownsFiles;
  private final Path target;
  private final Writer out;
  private boolean committed;

  private CsvWriter(AtomicFiles files, boolean ownsFiles, Path target, Writer out) {
    this.files = files;
    this.ownsFiles = ownsFiles;
    this.target = target;
    this.out = out;
  }

  /** Starts writing {@code file} (created with its parent folders on {@link #commit()}). */
  public static CsvWriter create(Path file) throws IOException {
    AtomicFiles files = new AtomicFiles();
    try {
      return create(files, file, true);
    } catch (IOException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /**
   * Starts writing {@code file} as one of a set of files written together (e.g. with its provenance
   * sidecar): {@link #commit()} finishes the rows, and {@code files.commit()} moves them into place.
   */
  public static CsvWriter create(AtomicFiles files, Path file) throws IOException {
    return create(files, file, false);
  }

  private static CsvWriter create(AtomicFiles files, Path file, boolean owns) throws IOException {
    OutputStream stream = files.open(file);
    Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    return new CsvWriter(files, owns, file.toAbsolutePath(), writer);
  }

  /** Writes a whole file at once. */
  public static void write(Path file, List<String> header, Iterable<? extends List<String>> rows)
      throws IOException {
    try (CsvWriter csv = create(file)) {
      csv.writeRow(header);
      for (List<String> row : rows) {
        csv.writeRow(row);
      }
      csv.commit();
    }
  }

  /** Appends one row. */
  public void writeRow(String... fields) throws IOException {
    writeRow(Arrays.asList(fields));
  }

  /** Appends one row. */
  public void writeRow(List<String> fields) throws IOException {
    if (committed) {
      throw new IllegalStateException("the file is already committed");
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quote(fields.get(i)));
    }
    line.append('\n');
    out.write(line.toString());
  }

  /**
   * Finishes the file and moves it into place, replacing any previous file; for a file of a set
   * ({@link #create(AtomicFiles, Path)}), only finishes it: the set's commit moves it.
   */
  public void commit() throws IOException {
    if (committed) {
      return;
    }
    out.close();
    if (ownsFiles) {
      files.commit();
    }
    committed = true;
  }

  /** Where the file goes. */
  public Path target() {
    return target;
  }

  /** Discards the file unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        out.close();
      } finally {
        if (ownsFiles) {
          files.close();
        }
      }
    }
  }

  /** One field as RFC 4180 wants it: quoted (with doubled quotes) only when needed. */
  public static String quote(String field) {
    if (field == null || field.isEmpty()) {
      return "";
    }
    boolean needsQuotes =
        field.indexOf(',') >= 0
            || field.indexOf('"') >= 0
            || field.indexOf('\n') >= 0
            || field.indexOf('\r') >= 0
            || Character.isWhitespace(field.charAt(0))
            || Character.isWhitespace(field.charAt(field.length() - 1));
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}

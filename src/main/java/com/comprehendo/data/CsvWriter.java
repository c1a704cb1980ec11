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
  private final Path target;
  private final Writer out;
  private boolean committed;

  private CsvWriter(AtomicFiles files, Path target, Writer out) {
    this.files = files;
    this.target = target;
    this.out = out;
  }

  /** Starts writing {@code file} (created with its parent folders on {@link #commit()}). */
  public static CsvWriter create(Path file) throws IOException {
    AtomicFiles files = new AtomicFiles();
    try {
      OutputStream stream = files.open(file);
      Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
      return new CsvWriter(files, file.toAbsolutePath(), writer);
    } catch (IOException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /** Writes a whole file at once. */
  public static void write(Path file, List<String> header, Iterable<? extends List<String>> rows)
      throws IOException {
    AtomicFiles.write(file, content(header, rows));
  }

  /**
   * A whole file's content, to write with other files (e.g. its provenance sidecar) through {@link
   * AtomicFiles}.
   */
  public static AtomicFiles.Content content(List<String> header, Iterable<? extends List<String>> rows) {
    return stream -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
      writer.write(line(header));
      for (List<String> row : rows) {
        writer.write(line(row));
      }
      writer.flush();
    };
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
    out.write(line(fields));
  }

  private static String line(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quote(fields.get(i)));
    }
    return line.append('\n').toString();
  }

  /** Finishes the file and moves it into place, replacing any previous file. */
  public void commit() throws IOException {
    if (committed) {
      return;
    }
    out.close();
    files.commit();
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
        files.close();
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

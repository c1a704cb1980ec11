package com.comprehendo.data;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a UTF-8 CSV file atomically: rows go to a temporary file next to the target, and only
 * {@link #commit()} moves it into place, so readers never see half a file and a failed run leaves
 * the previous file untouched. Closing without committing deletes the temporary file.
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

  private final Path target;
  private final Path temporary;
  private final Writer out;
  private boolean committed;

  private CsvWriter(Path target, Path temporary, Writer out) {
    this.target = target;
    this.temporary = temporary;
    this.out = out;
  }

  /** Starts writing {@code file} (created with its parent folders on {@link #commit()}). */
  public static CsvWriter create(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, "." + target.getFileName(), ".part");
    BufferedWriter writer;
    try {
      writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return new CsvWriter(target, temporary, writer);
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

  /** Finishes the file and moves it into place, replacing any previous file. */
  public void commit() throws IOException {
    if (committed) {
      return;
    }
    out.close();
    try {
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
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
        Files.deleteIfExists(temporary);
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

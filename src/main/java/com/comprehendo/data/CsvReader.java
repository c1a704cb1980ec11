package com.comprehendo.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, strict RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes ({@code ""}). Lines may end in CRLF, LF or CR; blank lines
 * are skipped; a UTF-8 byte order mark (as Excel writes) is ignored. A quote in the middle of an
 * unquoted field is kept as a literal character. Errors name the line, for example {@code "line 7:
 * a quoted field is never closed"}.
 *
 * <pre>{@code
 * try (CsvReader csv = CsvReader.open(Path.of("labels.csv"))) {
 *   for (List<String> row = csv.next(); row != null; row = csv.next()) {
 *     log.info("line {}: {}", csv.line(), row);
 *   }
 * }
 * }</pre>
 */
public final class CsvReader implements Closeable {

  private final Reader in;
  private int lineNumber = 1;
  private int recordLine;
  private int pending = -2; // one character of look-ahead; -2 = none
  private boolean started;

  public CsvReader(Reader in) {
    this.in = in instanceof BufferedReader ? in : new BufferedReader(in);
  }

  /** Opens a UTF-8 file. */
  public static CsvReader open(Path file) throws IOException {
    return new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
  }

  /** All records of a UTF-8 file. */
  public static List<List<String>> readAll(Path file) throws IOException {
    try (CsvReader reader = open(file)) {
      return reader.readAll();
    }
  }

  /** All records of a string. */
  public static List<List<String>> parse(String text) throws CsvFormatException {
    try (CsvReader reader = new CsvReader(new StringReader(text))) {
      return reader.readAll();
    } catch (CsvFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  /** The remaining records. */
  public List<List<String>> readAll() throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row = next(); row != null; row = next()) {
      rows.add(row);
    }
    return rows;
  }

  /** The 1-based line on which the record last returned by {@link #next()} starts. */
  public int line() {
    return recordLine;
  }

  /** The next record, or {@code null} at the end of the input. */
  public List<String> next() throws IOException {
    if (!started) {
      started = true;
      int first = read();
      if (first != '\uFEFF') {
        unread(first);
      }
    }
    int c = read();
    while (c == '\r' || c == '\n') { // skip blank lines
      c = endOfLine(c);
    }
    if (c == -1) {
      return null;
    }
    recordLine = lineNumber;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      if (c == '"' && field.length() == 0) {
        c = readQuoted(field);
      } else {
        while (c != ',' && c != '\r' && c != '\n' && c != -1) {
          field.append((char) c);
          c = read();
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (c == ',') {
        c = read();
        continue;
      }
      if (c == '\r' || c == '\n') {
        unread(endOfLine(c));
      }
      return fields;
    }
  }

  /**
   * Reads a quoted field after its opening quote; returns the character after the closing quote.
   */
  private int readQuoted(StringBuilder field) throws IOException {
    int startLine = lineNumber;
    while (true) {
      int c = read();
      if (c == -1) {
        throw new CsvFormatException("line " + startLine + ": a quoted field is never closed");
      }
      if (c == '"') {
        int after = read();
        if (after == '"') {
          field.append('"');
          continue;
        }
        if (after != ',' && after != '\r' && after != '\n' && after != -1) {
          throw new CsvFormatException(
              "line "
                  + lineNumber
                  + ": unexpected text after a closing quote (quotes inside a field must be"
                  + " doubled)");
        }
        return after;
      }
      if (c == '\n' || (c == '\r' && peek() != '\n')) {
        lineNumber++;
      }
      field.append((char) c);
    }
  }

  /**
   * Consumes a line ending that began with {@code c}; returns the first character of the next line.
   */
  private int endOfLine(int c) throws IOException {
    lineNumber++;
    int next = read();
    if (c == '\r' && next == '\n') {
      next = read();
    }
    return next;
  }

  private int read() throws IOException {
    if (pending != -2) {
      int c = pending;
      pending = -2;
      return c;
    }
    return in.read();
  }

  private int peek() throws IOException {
    int c = read();
    unread(c);
    return c;
  }

  private void unread(int c) {
    pending = c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Malformed CSV; the message names the line. */
  public static final class CsvFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CsvFormatException(String message) {
      super(message);
    }
  }
}

package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.comprehendo.data.CsvReader.CsvFormatException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @Test
  void readsPlainAndQuotedFields() throws Exception {
    String text =
        "file,label\n"
            + "a.jpg,cat\n"
            + "\"tom, the cat.jpg\",cat\n"
            + "\"say \"\"hi\"\".png\",\"dog\"\n"
            + "\"two\nlines.jpg\",fox\n"
            + "x.jpg,,\n";

    assertEquals(
        List.of(
            List.of("file", "label"),
            List.of("a.jpg", "cat"),
            List.of("tom, the cat.jpg", "cat"),
            List.of("say \"hi\".png", "dog"),
            List.of("two\nlines.jpg", "fox"),
            List.of("x.jpg", "", "")),
        CsvReader.parse(text));
  }

  @Test
  void acceptsCrlfCrAndBlankLinesAndAByteOrderMark() throws Exception {
    assertEquals(
        List.of(List.of("a", "b"), List.of("c", "d"), List.of("e", "f")),
        CsvReader.parse("\uFEFFa,b\r\n\r\nc,d\re,f"));
    assertEquals(List.of(List.of("", "")), CsvReader.parse(","));
    assertEquals(List.of(), CsvReader.parse(""));
  }

  @Test
  void keepsAQuoteInsideAnUnquotedFieldAndSpaces() throws Exception {
    assertEquals(List.of(List.of("5\" disk", " b ")), CsvReader.parse("5\" disk, b "));
  }

  @Test
  void reportsTheLineOfEachRecord() throws Exception {
    try (CsvReader reader = new CsvReader(new StringReader("h\n\"a\nb\"\r\nc\n"))) {
      reader.next();
      assertEquals(1, reader.line());
      assertEquals(List.of("a\nb"), reader.next());
      assertEquals(2, reader.line());
      assertEquals(List.of("c"), reader.next());
      assertEquals(4, reader.line());
      assertEquals(null, reader.next());
    }
  }

  @Test
  void malformedQuotingIsAnErrorNamingTheLine() {
    CsvFormatException open =
        assertThrows(CsvFormatException.class, () -> CsvReader.parse("a\nb\n\"never closed,x\n"));
    assertEquals("line 3: a quoted field is never closed", open.getMessage());

    CsvFormatException after =
        assertThrows(CsvFormatException.class, () -> CsvReader.parse("a\n\"b\"c,d\n"));
    assertEquals(
        "line 2: unexpected text after a closing quote (quotes inside a field must be doubled)",
        after.getMessage());
  }

  @Test
  void quotesOnlyWhatNeedsQuoting() {
    assertEquals("plain", CsvWriter.quote("plain"));
    assertEquals("\"a,b\"", CsvWriter.quote("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvWriter.quote("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvWriter.quote("two\nlines"));
    assertEquals("\"cr\rhere\"", CsvWriter.quote("cr\rhere"));
    assertEquals("\" padded \"", CsvWriter.quote(" padded "));
    assertEquals("", CsvWriter.quote(""));
    assertEquals("", CsvWriter.quote(null));
  }

  @Test
  void writesAtomicallyAndReadsBack(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("out/predictions.csv");
    List<String> nasty =
        List.of("tom, the cat.jpg", "say \"hi\"", "two\nlines", " padded ", "", "ünïcödé");

    try (CsvWriter csv = CsvWriter.create(file)) {
      csv.writeRow("a", "b", "c", "d", "e", "f");
      csv.writeRow(nasty);
      assertFalse(Files.exists(file), "nothing appears before commit");
      csv.commit();
    }

    assertEquals(List.of(List.of("a", "b", "c", "d", "e", "f"), nasty), CsvReader.readAll(file));
    assertEquals(
        "a,b,c,d,e,f\n"
            + "\"tom, the cat.jpg\",\"say \"\"hi\"\"\",\"two\n"
            + "lines\",\" padded \",,ünïcödé\n",
        Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(
        List.of(file.getFileName()), listNames(file.getParent()), "no temporary file is left");
  }

  @Test
  void closingWithoutCommitKeepsThePreviousFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("predictions.csv");
    Files.writeString(file, "old\n");

    try (CsvWriter csv = CsvWriter.create(file)) {
      csv.writeRow("new");
      // an exception here would skip commit()
    }

    assertEquals("old\n", Files.readString(file));
    assertEquals(List.of(file.getFileName()), listNames(directory));
  }

  @Test
  void writeReplacesAnExistingFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("p.csv");
    Files.writeString(file, "old\n");

    CsvWriter.write(file, List.of("file", "label"), List.of(List.of("a.jpg", "cat")));

    assertEquals("file,label\na.jpg,cat\n", Files.readString(file));
  }

  private static List<Path> listNames(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(Path::getFileName).sorted().toList();
    }
  }
}

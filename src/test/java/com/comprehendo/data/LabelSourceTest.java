package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabelSourceTest {

  @Test
  void parsesEverySpelling() {
    assertInstanceOf(LabelSource.Auto.class, LabelSource.parse("auto"));
    assertInstanceOf(LabelSource.Folders.class, LabelSource.parse(" Folders "));
    assertInstanceOf(LabelSource.NoLabels.class, LabelSource.parse("none"));
    assertEquals(
        new LabelSource.FileNamePattern(LabelSource.DEFAULT_PATTERN), LabelSource.parse("pattern"));
    assertEquals(
        "^(\\w+)-\\d+",
        ((LabelSource.FileNamePattern) LabelSource.parse("pattern:^(\\w+)-\\d+"))
            .regex()
            .pattern());
    assertEquals(new LabelSource.CsvFile(Path.of("labels.csv")), LabelSource.parse("csv"));
    assertEquals(
        new LabelSource.CsvFile(Path.of("/data/my labels.csv")),
        LabelSource.parse("csv:/data/my labels.csv"));
  }

  @Test
  void aPatternMayContainColons() {
    LabelSource.FileNamePattern pattern =
        (LabelSource.FileNamePattern) LabelSource.parse("pattern:^(?:x_)?([a-z]+):");

    assertEquals("cat", pattern.labelOf("x_cat:1.jpg"));
  }

  @Test
  void specReadsBack() {
    for (String spec :
        new String[] {"auto", "folders", "none", "pattern:^(.+)_\\d+\\.[^.]+$", "csv:labels.csv"}) {
      assertEquals(spec, LabelSource.parse(spec).spec());
      assertEquals(LabelSource.parse(spec), LabelSource.parse(LabelSource.parse(spec).spec()));
    }
  }

  @Test
  void defaultPatternFollowsOxfordPetsNames() {
    LabelSource.FileNamePattern pets = new LabelSource.FileNamePattern(LabelSource.DEFAULT_PATTERN);

    assertEquals("great_pyrenees", pets.labelOf("great_pyrenees_17.jpg"));
    assertEquals("Abyssinian", pets.labelOf("Abyssinian_1.jpg"));
    assertEquals("american_pit_bull_terrier", pets.labelOf("american_pit_bull_terrier_100.png"));
    assertEquals("a_1", pets.labelOf("a_1_2.JPEG"));
    assertNull(pets.labelOf("noscore.jpg"));
    assertNull(pets.labelOf("cat_x.jpg"));
    assertNull(pets.labelOf("cat_12"));
    assertNull(pets.labelOf("_12.jpg"));
  }

  @Test
  void badSpecsAreExplained() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> LabelSource.parse("subdirs"));
    assertEquals(
        "unknown label source 'subdirs' (allowed: auto, folders, pattern[:REGEX], csv[:FILE],"
            + " none)",
        unknown.getMessage());

    IllegalArgumentException noGroup =
        assertThrows(IllegalArgumentException.class, () -> LabelSource.parse("pattern:\\d+"));
    assertTrue(
        noGroup.getMessage().startsWith("the pattern '\\d+' needs a group in parentheses"),
        noGroup.getMessage());

    IllegalArgumentException syntax =
        assertThrows(IllegalArgumentException.class, () -> LabelSource.parse("pattern:(abc"));
    assertTrue(
        syntax.getMessage().startsWith("invalid pattern '(abc': Unclosed group"),
        syntax.getMessage());

    IllegalArgumentException argument =
        assertThrows(IllegalArgumentException.class, () -> LabelSource.parse("none:x"));
    assertEquals("'none' takes no argument, got 'none:x'", argument.getMessage());
  }
}

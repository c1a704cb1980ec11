package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassMatcherTest {

  private static final List<String> MODEL =
      List.of("great_pyrenees", "Abyssinian", "sea lion", "Cat");

  @Test
  void matchesExactlyThenIgnoringCaseThenIgnoringSeparators() throws Exception {
    int[] mapping =
        ClassMatcher.match(
            List.of(
                "Abyssinian", "abyssinian", "Great Pyrenees", "great-pyrenees", "sea_lion", "CAT"),
            MODEL);

    assertArrayEquals(new int[] {1, 1, 0, 0, 2, 3}, mapping);
  }

  @Test
  void exactNameWinsOverLooserMatches() throws Exception {
    List<String> model = List.of("Cat", "cat", "cat ");

    assertArrayEquals(
        new int[] {1, 0, 2}, ClassMatcher.match(List.of("cat", "Cat", "cat "), model));
  }

  @Test
  void duplicateClassNamesInTheModelResolveToTheFirst() throws Exception {
    assertArrayEquals(
        new int[] {0, 0},
        ClassMatcher.match(List.of("crane", "Crane"), List.of("crane", "bird", "crane")));
  }

  @Test
  void unknownLabelsAreListedWithTheModelsClasses() {
    LabelMismatchException e =
        assertThrows(
            LabelMismatchException.class,
            () -> ClassMatcher.match(List.of("Cat", "lynx", "puma"), MODEL));

    assertEquals(List.of("lynx", "puma"), e.unknownLabels());
    assertEquals(MODEL, e.modelClasses());
    assertEquals(
        "2 dataset labels are not classes of the model: 'lynx', 'puma'.\n"
            + "The model has 4 classes: 'great_pyrenees', 'Abyssinian', 'sea lion', 'Cat'.",
        e.getMessage());
  }

  @Test
  void ambiguousLabelsAreNotGuessed() {
    LabelMismatchException e =
        assertThrows(
            LabelMismatchException.class,
            () -> ClassMatcher.match(List.of("CAT"), List.of("Cat", "cat")));

    assertEquals(List.of("CAT"), e.ambiguousLabels());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Some dataset labels match several classes of the model once case and _/-/space are"
                    + " ignored: 'CAT' could be any of 'Cat', 'cat'. Use the exact class name."),
        e.getMessage());
  }

  @Test
  void longClassListsAreShortened() {
    List<String> model =
        IntStream.range(0, 100).mapToObj(i -> "c" + i).collect(Collectors.toList());

    LabelMismatchException e =
        assertThrows(LabelMismatchException.class, () -> ClassMatcher.match(List.of("dog"), model));

    assertTrue(
        e.getMessage()
            .startsWith(
                "1 dataset label is not a class of the model: 'dog'.\n"
                    + "The model has 100 classes: 'c0', 'c1'"));
    assertTrue(e.getMessage().endsWith("'c39' and 60 more."), e.getMessage());
  }
}

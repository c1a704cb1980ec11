package com.comprehendo.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps dataset label names to the model's class indices: by exact name first, then ignoring case,
 * then also treating {@code _}, {@code -} and spaces as the same separator ({@code great_pyrenees}
 * = {@code Great Pyrenees} = {@code great-pyrenees}). A label that matches nothing, or several
 * classes at the first level that matches at all, is an error listing them; nothing is guessed.
 *
 * <pre>{@code
 * int[] toModel = ClassMatcher.match(List.of("cat", "Dog"), List.of("dog", "cat")); // {1, 0}
 * }</pre>
 */
public final class ClassMatcher {

  /** How many of the model's classes an error message lists before "and N more". */
  static final int LISTED_CLASSES = 40;

  private ClassMatcher() {}

  /**
   * For each dataset label, the index of the model class it names.
   *
   * @throws LabelMismatchException if some labels name no class, or several
   */
  public static int[] match(List<String> datasetLabels, List<String> modelClasses)
      throws LabelMismatchException {
    Map<String, Integer> exact = new HashMap<>();
    for (int i = modelClasses.size() - 1; i >= 0; i--) {
      exact.put(modelClasses.get(i), i); // duplicates in the model's list: the first one wins
    }
    Map<String, Set<Integer>> byCase = index(modelClasses, s -> s.toLowerCase(Locale.ROOT));
    Map<String, Set<Integer>> bySeparator = index(modelClasses, ClassMatcher::looseKey);

    int[] mapping = new int[datasetLabels.size()];
    List<String> unknown = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    List<String> ambiguityNotes = new ArrayList<>();
    for (int i = 0; i < datasetLabels.size(); i++) {
      String label = datasetLabels.get(i);
      Integer index = exact.get(label);
      if (index != null) {
        mapping[i] = index;
        continue;
      }
      Set<Integer> candidates = byCase.getOrDefault(label.toLowerCase(Locale.ROOT), Set.of());
      if (candidates.isEmpty()) {
        candidates = bySeparator.getOrDefault(looseKey(label), Set.of());
      }
      if (candidates.size() == 1) {
        mapping[i] = candidates.iterator().next();
      } else if (candidates.isEmpty()) {
        unknown.add(label);
        mapping[i] = ImageRecord.UNLABELLED;
      } else {
        ambiguous.add(label);
        ambiguityNotes.add(
            quote(label)
                + " could be any of "
                + candidates.stream()
                    .map(c -> quote(modelClasses.get(c)))
                    .collect(Collectors.joining(", ")));
        mapping[i] = ImageRecord.UNLABELLED;
      }
    }
    if (!unknown.isEmpty() || !ambiguous.isEmpty()) {
      throw new LabelMismatchException(
          message(unknown, ambiguityNotes, modelClasses), unknown, ambiguous, modelClasses);
    }
    return mapping;
  }

  /** Lower case with every run of {@code _}, {@code -} and whitespace turned into one {@code _}. */
  static String looseKey(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replaceAll("[_\\s-]+", "_");
  }

  private static Map<String, Set<Integer>> index(
      List<String> classes, Function<String, String> key) {
    Map<String, Set<Integer>> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.computeIfAbsent(key.apply(classes.get(i)), k -> new LinkedHashSet<>()).add(i);
    }
    // Identical names in the model's list are one class for matching purposes.
    for (Set<Integer> indices : index.values()) {
      Set<String> names = new TreeSet<>();
      indices.removeIf(i -> !names.add(classes.get(i)));
    }
    return index;
  }

  private static String message(
      List<String> unknown, List<String> ambiguityNotes, List<String> modelClasses) {
    StringBuilder message = new StringBuilder();
    if (!unknown.isEmpty()) {
      message
          .append(
              unknown.size() == 1
                  ? "1 dataset label is not a class of the model: "
                  : unknown.size() + " dataset labels are not classes of the model: ")
          .append(unknown.stream().map(ClassMatcher::quote).collect(Collectors.joining(", ")))
          .append(".");
    }
    if (!ambiguityNotes.isEmpty()) {
      if (message.length() > 0) {
        message.append('\n');
      }
      message
          .append(
              "Some dataset labels match several classes of the model once case and _/-/space are"
                  + " ignored: ")
          .append(String.join("; ", ambiguityNotes))
          .append(". Use the exact class name.");
    }
    message
        .append("\nThe model has ")
        .append(modelClasses.size())
        .append(modelClasses.size() == 1 ? " class: " : " classes: ");
    message.append(
        modelClasses.stream()
            .limit(LISTED_CLASSES)
            .map(ClassMatcher::quote)
            .collect(Collectors.joining(", ")));
    if (modelClasses.size() > LISTED_CLASSES) {
      message.append(" and ").append(modelClasses.size() - LISTED_CLASSES).append(" more");
    }
    return message.append('.').toString();
  }

  private static String quote(String name) {
    return "'" + name + "'";
  }
}

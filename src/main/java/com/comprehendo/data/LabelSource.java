package com.comprehendo.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where the true labels of a dataset come from, as chosen on the command line: {@code auto |
 * folders | pattern[:REGEX] | csv[:FILE] | none}.
 *
 * <pre>{@code
 * LabelSource pets = LabelSource.parse("pattern"); // great_pyrenees_17.jpg -> great_pyrenees
 * LabelSource custom = LabelSource.parse("pattern:^(\\w+)-"); // group 1 is the label
 * LabelSource table = LabelSource.parse("csv:labels.csv");
 * }</pre>
 */
public sealed interface LabelSource
    permits LabelSource.Auto,
        LabelSource.Folders,
        LabelSource.FileNamePattern,
        LabelSource.CsvFile,
        LabelSource.NoLabels {

  /**
   * Oxford-IIIT Pets style: the label is the file name up to its last {@code _number}, so {@code
   * great_pyrenees_17.jpg} is {@code great_pyrenees} and {@code Abyssinian_1.jpg} is {@code
   * Abyssinian}.
   */
  Pattern DEFAULT_PATTERN = Pattern.compile("^(.+)_\\d+\\.[^.]+$");

  /** The labels file that {@link Auto} and a bare {@code csv} look for in the dataset folder. */
  String DEFAULT_CSV_NAME = "labels.csv";

  /** The spellings {@link #parse} accepts, for help texts. */
  String SYNTAX = "auto, folders, pattern[:REGEX], csv[:FILE], none";

  /** Parses the command-line spelling; the exception message says what is wrong. */
  static LabelSource parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String trimmed = spec.strip();
    int colon = trimmed.indexOf(':');
    String kind = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
    String argument = colon < 0 ? null : trimmed.substring(colon + 1);
    switch (kind) {
      case "auto":
        requireNoArgument(kind, argument);
        return new Auto();
      case "folders":
      case "folder":
        requireNoArgument(kind, argument);
        return new Folders();
      case "none":
        requireNoArgument(kind, argument);
        return new NoLabels();
      case "pattern":
        return argument == null || argument.isEmpty()
            ? new FileNamePattern(DEFAULT_PATTERN)
            : FileNamePattern.compile(argument);
      case "csv":
        return new CsvFile(
            Path.of(argument == null || argument.isBlank() ? DEFAULT_CSV_NAME : argument.strip()));
      default:
        throw new IllegalArgumentException(
            "unknown label source '" + spec + "' (allowed: " + SYNTAX + ")");
    }
  }

  /** The command-line spelling, which {@link #parse} reads back. */
  String spec();

  private static void requireNoArgument(String kind, String argument) {
    if (argument != null) {
      throw new IllegalArgumentException(
          "'" + kind + "' takes no argument, got '" + kind + ":" + argument + "'");
    }
  }

  /**
   * Decide from the folder's layout: folders, then {@code labels.csv}, then the Pets file-name
   * pattern, else none.
   */
  record Auto() implements LabelSource {
    @Override
    public String spec() {
      return "auto";
    }
  }

  /**
   * ImageFolder layout: the label is the name of the subfolder directly under the dataset folder.
   */
  record Folders() implements LabelSource {
    @Override
    public String spec() {
      return "folders";
    }
  }

  /**
   * The label is group 1 of {@code regex} found in the file name (not the path); names it does not
   * match are unlabelled.
   *
   * @param regex a pattern with at least one capturing group
   */
  record FileNamePattern(Pattern regex) implements LabelSource {
    public FileNamePattern {
      Objects.requireNonNull(regex, "regex");
      if (regex.matcher("").groupCount() < 1) {
        throw new IllegalArgumentException(
            "the pattern '"
                + regex.pattern()
                + "' needs a group in parentheses that captures the label,"
                + " e.g. ^(.+)_\\d+\\.[^.]+$");
      }
    }

    /** Compiles {@code regex}, turning a syntax error into a readable message. */
    public static FileNamePattern compile(String regex) {
      try {
        return new FileNamePattern(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid pattern '"
                + regex
                + "': "
                + e.getDescription()
                + " near position "
                + e.getIndex(),
            e);
      }
    }

    /**
     * The label of a file name, or {@code null} when the pattern does not match or captures
     * nothing.
     */
    public String labelOf(String fileName) {
      java.util.regex.Matcher matcher = regex.matcher(fileName);
      if (!matcher.find()) {
        return null;
      }
      String label = matcher.group(1);
      return label == null || label.isEmpty() ? null : label;
    }

    @Override
    public String spec() {
      return "pattern:" + regex.pattern();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FileNamePattern that
          && regex.pattern().equals(that.regex.pattern())
          && regex.flags() == that.regex.flags();
    }

    @Override
    public int hashCode() {
      return regex.pattern().hashCode() * 31 + regex.flags();
    }

    @Override
    public String toString() {
      return "FileNamePattern[" + regex.pattern() + "]";
    }
  }

  /**
   * A CSV file with a header naming a {@code file} column (path relative to the dataset folder) and
   * a {@code label} column. A relative {@code file} here is looked up in the dataset folder first,
   * then in the working directory.
   */
  record CsvFile(Path file) implements LabelSource {
    public CsvFile {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String spec() {
      return "csv:" + file;
    }
  }

  /** No labels: predictions only. */
  record NoLabels() implements LabelSource {
    @Override
    public String spec() {
      return "none";
    }
  }
}

package com.comprehendo.data;

import com.comprehendo.data.CsvReader.CsvFormatException;
import com.comprehendo.platform.IoErrors;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists the images of a dataset folder and finds their labels. Reads names only: no image is opened
 * and nothing in the folder is ever written, moved or deleted.
 *
 * <p>Label rules ({@link LabelSource}):
 *
 * <ul>
 *   <li>{@code folders}: the subfolder directly under the dataset folder is the class
 *       (ImageFolder); images directly in the dataset folder are unlabelled.
 *   <li>{@code pattern:REGEX}: group 1 of the regex found in the file name; non-matching names are
 *       unlabelled. The default is the Oxford-IIIT Pets naming, {@code great_pyrenees_17.jpg}.
 *   <li>{@code csv:FILE}: a CSV with a header and {@code file,label} columns, {@code file} relative
 *       to the dataset folder (also accepted: {@code filename}, {@code path}, {@code image} and
 *       {@code class}, {@code category}); images not listed are unlabelled.
 *   <li>{@code none}: no labels, predictions only.
 *   <li>{@code auto}: {@code folders} if at least two subfolders contain images; else {@code csv}
 *       if {@code labels.csv} is in the dataset folder; else {@code pattern} if at least 90% of the
 *       file names match the default pattern and give at least two labels; else {@code none}.
 * </ul>
 *
 * <pre>{@code
 * Dataset dataset = DatasetScanner.builder(Path.of("~/data/pets"))
 *     .optLabelSource(LabelSource.parse("auto"))
 *     .build()
 *     .scan();
 * log.info("{}", dataset.labelRule()); // e.g. "auto: 37 subfolders contain images (...)"
 * }</pre>
 *
 * <p>Longer than 400 lines: the label rules above are read together by {@code auto}, which tries them in
 * order and says why each was or was not used; they share the folder walk and the name checks.
 */
public final class DatasetScanner {

  /** The share of file names that must match the default pattern for {@code auto} to pick it. */
  static final double PATTERN_SHARE = 0.9;

  private final Path root;
  private final LabelSource labelSource;
  private final List<String> listing;

  private DatasetScanner(Builder builder) {
    this.root = builder.root.toAbsolutePath().normalize();
    this.labelSource = builder.labelSource;
    this.listing = builder.listing;
  }

  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Scans {@code root} with the given label rule. */
  public static Dataset scan(Path root, LabelSource labelSource) throws IOException {
    return builder(root).optLabelSource(labelSource).build().scan();
  }

  /**
   * Lists the images and assigns labels.
   *
   * @throws DatasetException if the folder does not exist or cannot be read, or (a {@link
   *     LabelsFileException}) the labels CSV is missing, unreadable or malformed
   * @throws IOException for other I/O failures while listing
   */
  public Dataset scan() throws IOException {
    if (listing != null) {
      return assignLabels(listed(), new ArrayList<>());
    }
    if (!Files.exists(root)) {
      throw new DatasetException("dataset folder not found: " + root);
    }
    if (!Files.isDirectory(root)) {
      throw new DatasetException("not a folder: " + root);
    }
    List<String> notes = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> images = ImageFiles.walk(root, notes::add)) {
      images.forEach(files::add);
    } catch (AccessDeniedException e) {
      throw new DatasetException(
          "cannot read the dataset folder " + root + " (permission denied)", e);
    }
    if (files.isEmpty()) {
      notes.add(
          "no image files found (looked for "
              + ImageFiles.EXTENSIONS.stream()
                  .sorted()
                  .map(e -> "." + e)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return assignLabels(files, notes);
  }

  /** The given listing as paths under the root, filtered and ordered as {@link ImageFiles#walk} would. */
  private List<Path> listed() {
    List<List<String>> keys = new ArrayList<>();
    for (String key : listing) {
      List<String> parts = List.of(key.split("/"));
      if (parts.stream().noneMatch(ImageFiles::isHidden) && ImageFiles.hasImageExtension(parts.get(parts.size() - 1))) {
        keys.add(parts);
      }
    }
    // Depth first over folders sorted by name is the order of the name sequences compared part by part.
    keys.sort((a, b) -> {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        int byName = a.get(i).compareTo(b.get(i));
        if (byName != 0) {
          return byName;
        }
      }
      return Integer.compare(a.size(), b.size());
    });
    List<Path> files = new ArrayList<>(keys.size());
    for (List<String> parts : keys) {
      files.add(root.resolve(String.join("/", parts)));
    }
    return files;
  }

  private Dataset assignLabels(List<Path> files, List<String> notes) throws IOException {
    LabelSource rule = labelSource;
    String explanation;
    if (rule instanceof LabelSource.Auto) {
      AutoChoice choice = chooseAutomatically(files);
      rule = choice.rule();
      explanation = choice.explanation();
    } else {
      explanation = null;
    }

    String[] names = new String[files.size()];
    String ruleText;
    if (rule instanceof LabelSource.Folders) {
      ruleText = labelByFolder(files, names, notes);
    } else if (rule instanceof LabelSource.FileNamePattern pattern) {
      ruleText = labelByPattern(pattern, files, names, notes);
    } else if (rule instanceof LabelSource.CsvFile csv) {
      Path csvPath = resolveCsv(csv.file());
      rule = new LabelSource.CsvFile(csvPath);
      labelFromCsv(csvPath, files, names, notes);
      ruleText = "csv: labels from " + csvPath;
    } else {
      ruleText = "none: no labels, predictions only";
    }

    TreeSet<String> distinct = new TreeSet<>();
    for (String name : names) {
      if (name != null) {
        distinct.add(name);
      }
    }
    List<String> classNames = List.copyOf(distinct);
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      indexOf.put(classNames.get(i), i);
    }
    int[] labels = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      labels[i] = names[i] == null ? ImageRecord.UNLABELLED : indexOf.get(names[i]);
    }
    if (!(rule instanceof LabelSource.NoLabels)) {
      ruleText += " (" + count(classNames.size(), "label", "labels") + ")";
    }
    String labelRule = explanation == null ? ruleText : explanation;
    if (explanation != null && rule instanceof LabelSource.CsvFile) {
      labelRule += " (" + count(classNames.size(), "label", "labels") + ")";
    }
    return new Dataset(
        root, classNames, files.toArray(new Path[0]), labels, rule, labelRule, notes);
  }

  /** Labels each file by its top-level subfolder; returns the rule's description. */
  private String labelByFolder(List<Path> files, String[] names, List<String> notes) {
    int inRoot = 0;
    for (int i = 0; i < names.length; i++) {
      names[i] = topFolder(files.get(i));
      if (names[i] == null) {
        inRoot++;
      }
    }
    if (inRoot > 0) {
      notes.add(
          count(inRoot, "image lies", "images lie")
              + " directly in the dataset folder, not in a class subfolder, and "
              + (inRoot == 1 ? "has" : "have")
              + " no label");
    }
    return "folders: each subfolder of the dataset folder is a class";
  }

  /** Labels each file by group 1 of the pattern in its name; returns the rule's description. */
  private static String labelByPattern(
      LabelSource.FileNamePattern pattern, List<Path> files, String[] names, List<String> notes) {
    int unmatched = 0;
    String firstUnmatched = null;
    for (int i = 0; i < names.length; i++) {
      String name = files.get(i).getFileName().toString();
      names[i] = pattern.labelOf(name);
      if (names[i] == null && unmatched++ == 0) {
        firstUnmatched = name;
      }
    }
    if (unmatched > 0) {
      notes.add(
          count(unmatched, "file name does", "file names do")
              + " not match the pattern and "
              + (unmatched == 1 ? "has" : "have")
              + " no label (first: "
              + firstUnmatched
              + ")");
    }
    return "pattern: group 1 of " + pattern.regex().pattern() + " in each file name";
  }

  private record AutoChoice(LabelSource rule, String explanation) {}

  private AutoChoice chooseAutomatically(List<Path> files) {
    TreeSet<String> folders = new TreeSet<>();
    for (Path file : files) {
      String folder = topFolder(file);
      if (folder != null) {
        folders.add(folder);
      }
    }
    if (folders.size() >= 2) {
      return new AutoChoice(
          new LabelSource.Folders(),
          "auto: "
              + folders.size()
              + " subfolders contain images ("
              + preview(folders)
              + "), so each subfolder is a class");
    }
    Path csv = root.resolve(LabelSource.DEFAULT_CSV_NAME);
    if (Files.isRegularFile(csv)) {
      return new AutoChoice(
          new LabelSource.CsvFile(csv),
          "auto: labels from " + LabelSource.DEFAULT_CSV_NAME + " in the dataset folder");
    }
    LabelSource.FileNamePattern pets = new LabelSource.FileNamePattern(LabelSource.DEFAULT_PATTERN);
    int matching = 0;
    TreeSet<String> labels = new TreeSet<>();
    for (Path file : files) {
      String label = pets.labelOf(file.getFileName().toString());
      if (label != null) {
        matching++;
        labels.add(label);
      }
    }
    int percent = files.isEmpty() ? 0 : (int) Math.floor(100.0 * matching / files.size());
    if (!files.isEmpty() && matching >= PATTERN_SHARE * files.size() && labels.size() >= 2) {
      return new AutoChoice(
          pets,
          "auto: "
              + matching
              + " of "
              + files.size()
              + " file names ("
              + percent
              + "%) look like"
              + " <label>_<number>.<ext> (Oxford-IIIT Pets naming), giving "
              + labels.size()
              + " labels ("
              + preview(labels)
              + ")");
    }
    // Each rule tried, and why it gave no labels: the numbers alone read as a contradiction ("80% of
    // file names look like labels, so no labels").
    String names = files.isEmpty() ? "no image files"
        : percent + "% look like <label>_<number>.<ext>"
            + (labels.size() < 2 && matching > 0 ? ", all with one label (2 or more needed)"
                : ", " + Math.round(PATTERN_SHARE * 100) + "% needed");
    return new AutoChoice(
        new LabelSource.NoLabels(),
        "auto: no labels, predictions only. Tried: subfolders as classes ("
            + (folders.size() == 1 ? "only 1 subfolder contains" : "no subfolders contain")
            + " images, 2 needed); " + LabelSource.DEFAULT_CSV_NAME + " (not in the folder); file names ("
            + names + ")");
  }

  /** The first path component under the root, or null for files directly in it. */
  private String topFolder(Path file) {
    Path relative = root.relativize(file);
    return relative.getNameCount() >= 2 ? relative.getName(0).toString() : null;
  }

  private Path resolveCsv(Path file) {
    if (file.isAbsolute()) {
      return file.normalize();
    }
    Path inDataset = root.resolve(file).normalize();
    if (Files.exists(inDataset) || !Files.exists(file)) {
      return inDataset;
    }
    return file.toAbsolutePath().normalize();
  }

  private void labelFromCsv(Path csvPath, List<Path> files, String[] names, List<String> notes)
      throws IOException {
    String csvName = csvPath.getFileName().toString();
    Map<String, String> labelByFile = new HashMap<>();
    Map<String, Integer> lineByFile = new HashMap<>();
    try (CsvReader reader = CsvReader.open(csvPath)) {
      List<String> header = reader.next();
      if (header == null) {
        throw new DatasetException(
            csvName + " is empty; it needs a header with 'file' and 'label' columns");
      }
      int fileColumn =
          column(
              header, csvName, "file,label", "file", "file", "filename", "file_name", "path", "image", "fname");
      int labelColumn = column(header, csvName, "file,label", "label", "label", "class", "category");
      for (List<String> row = reader.next(); row != null; row = reader.next()) {
        if (row.size() <= Math.max(fileColumn, labelColumn)) {
          if (row.size() == 1 && row.get(0).isBlank()) {
            continue;
          }
          throw new DatasetException(
              csvName
                  + " line "
                  + reader.line()
                  + ": expected "
                  + header.size()
                  + " fields, found "
                  + row.size());
        }
        String file = row.get(fileColumn).strip();
        String label = row.get(labelColumn).strip();
        if (file.isEmpty()) {
          continue;
        }
        String key = csvKey(root, file);
        String previous = labelByFile.putIfAbsent(key, label);
        if (previous != null && !previous.equals(label)) {
          throw new DatasetException(
              csvName
                  + " lines "
                  + lineByFile.get(key)
                  + " and "
                  + reader.line()
                  + " give "
                  + file
                  + " different labels ('"
                  + previous
                  + "' and '"
                  + label
                  + "')");
        }
        lineByFile.putIfAbsent(key, reader.line());
      }
    } catch (NoSuchFileException e) {
      throw new LabelsFileException("labels file not found: " + csvPath, e);
    } catch (CsvFormatException e) {
      throw new LabelsFileException(csvName + " " + e.getMessage(), e);
    } catch (CharacterCodingException e) {
      throw new LabelsFileException(csvName + " is not UTF-8 text (save it as a UTF-8 CSV file)", e);
    } catch (DatasetException e) {
      // The header and row checks above, and column(), which BoxesCsv shares, say what is wrong; the
      // type says it is the labels file.
      throw new LabelsFileException(e.getMessage(), e);
    } catch (IOException e) {
      throw new LabelsFileException("cannot read " + csvPath + ": " + IoErrors.reason(e), e);
    }

    // Case-insensitive fallback for files written by hand on case-insensitive file systems;
    // a key that is ambiguous when lower-cased maps to null and is not used.
    Map<String, String> keyByLowerCase = new HashMap<>();
    for (String key : labelByFile.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      keyByLowerCase.put(lower, keyByLowerCase.containsKey(lower) ? null : key);
    }
    Set<String> used = new HashSet<>();
    int notListed = 0;
    String firstNotListed = null;
    for (int i = 0; i < names.length; i++) {
      String key = Dataset.relativeKey(root, files.get(i));
      if (!labelByFile.containsKey(key)) {
        String fallback = keyByLowerCase.get(key.toLowerCase(Locale.ROOT));
        key = fallback != null ? fallback : key;
      }
      String label = labelByFile.get(key);
      if (label != null) {
        used.add(key);
      }
      names[i] = label == null || label.isEmpty() ? null : label;
      if (label == null && notListed++ == 0) {
        firstNotListed = key;
      }
    }
    if (notListed > 0) {
      notes.add(
          count(notListed, "image is", "images are")
              + " not listed in "
              + csvName
              + " and "
              + (notListed == 1 ? "has" : "have")
              + " no label (first: "
              + firstNotListed
              + ")");
    }
    List<String> missing =
        labelByFile.keySet().stream()
            .filter(k -> !used.contains(k))
            .sorted()
            .collect(Collectors.toList());
    if (!missing.isEmpty()) {
      notes.add(
          count(missing.size(), "row", "rows")
              + " of "
              + csvName
              + " name files that were not found"
              + " among the images (first: "
              + missing.get(0)
              + ")");
    }
  }

  /** The dataset-relative, {@code /}-separated form of a CSV file entry (as {@link BoxesCsv} keys it too). */
  static String csvKey(Path root, String file) {
    String slashed = file.replace('\\', '/');
    Path path;
    try {
      path = root.resolve(slashed).normalize();
    } catch (InvalidPathException e) {
      return slashed;
    }
    return path.startsWith(root) ? Dataset.relativeKey(root, path) : slashed;
  }

  /** The index of the first header field named one of {@code names} (any case), or a one-line error. */
  static int column(List<String> header, String csvName, String expected, String what, String... names)
      throws DatasetException {
    for (String name : names) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).strip().equalsIgnoreCase(name)) {
          return i;
        }
      }
    }
    throw new DatasetException(
        csvName
            + " has no '"
            + what
            + "' column; its header is: "
            + String.join(", ", header)
            + " (expected columns " + expected + ")");
  }

  private static String preview(Collection<String> names) {
    int shown = 5;
    String listed = names.stream().limit(shown).collect(Collectors.joining(", "));
    return names.size() > shown ? listed + ", ..." : listed;
  }

  private static String count(int n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** Options for {@link DatasetScanner}. */
  public static final class Builder {
    private final Path root;
    private LabelSource labelSource = new LabelSource.Auto();
    private List<String> listing;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Where labels come from (default {@code auto}). */
    public Builder optLabelSource(LabelSource labelSource) {
      this.labelSource = Objects.requireNonNull(labelSource, "labelSource");
      return this;
    }

    /**
     * The files under the root, as {@code /}-separated relative paths listed elsewhere (a cluster's
     * file system), instead of walking the root: only image names that are not hidden are kept, in the
     * walk's order. The root is then only read for a labels CSV ({@code auto} looks for {@code
     * labels.csv} in it).
     */
    public Builder optListing(List<String> relativePaths) {
      this.listing = List.copyOf(relativePaths);
      return this;
    }

    public DatasetScanner build() {
      return new DatasetScanner(this);
    }
  }
}

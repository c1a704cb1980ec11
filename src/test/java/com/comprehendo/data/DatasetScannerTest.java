package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {

  @TempDir Path root;

  @Test
  void foldersLabelByTheSubfolderDirectlyUnderTheRoot() throws Exception {
    touch(
        "cat/a.jpg",
        "cat/b.PNG",
        "cat/notes.txt",
        "cat/.hidden.jpg",
        "dog/sub/d.webp",
        "dog/f.JPG",
        "dog/c.jpeg",
        ".cache/x.jpg",
        "e.jpg",
        "labels.csv");

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("folders"));

    assertEquals(List.of("cat", "dog"), dataset.classNames());
    assertEquals(
        List.of(
            "cat/a.jpg=0",
            "cat/b.PNG=0",
            "dog/c.jpeg=1",
            "dog/f.JPG=1",
            "dog/sub/d.webp=1",
            "e.jpg=-1"),
        describe(dataset));
    assertEquals(5, dataset.labelledCount());
    assertEquals(
        List.of(
            "1 image lies directly in the dataset folder, not in a class subfolder, and has no"
                + " label"),
        dataset.notes());
    assertEquals(
        "folders: each subfolder of the dataset folder is a class (2 labels)", dataset.labelRule());
    assertInstanceOf(LabelSource.Folders.class, dataset.labelSource());
    assertEquals(2, dataset.countsPerClass()[0]);
  }

  @Test
  void autoChoosesFoldersWhenTwoSubfoldersHoldImages() throws Exception {
    touch("cat/a.jpg", "dog/b.jpg", "fox/readme.txt", "labels.csv");

    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    assertInstanceOf(LabelSource.Folders.class, dataset.labelSource());
    assertEquals(
        "auto: 2 subfolders contain images (cat, dog), so each subfolder is a class",
        dataset.labelRule());
  }

  @Test
  void patternTakesGroupOneOfTheFileName() throws Exception {
    touch(
        "images/great_pyrenees_17.jpg",
        "images/great_pyrenees_2.jpg",
        "images/Abyssinian_1.jpg",
        "images/notes.jpg");

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("pattern"));

    assertEquals(List.of("Abyssinian", "great_pyrenees"), dataset.classNames());
    assertEquals(
        List.of(
            "images/Abyssinian_1.jpg=0",
            "images/great_pyrenees_17.jpg=1",
            "images/great_pyrenees_2.jpg=1",
            "images/notes.jpg=-1"),
        describe(dataset));
    assertEquals(
        List.of("1 file name does not match the pattern and has no label (first: notes.jpg)"),
        dataset.notes());
  }

  @Test
  void customPatternOnNamesNotPaths() throws Exception {
    touch("x/cat-001.jpg", "x/dog-002.jpg");

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("pattern:^([a-z]+)-"));

    assertEquals(List.of("x/cat-001.jpg=0", "x/dog-002.jpg=1"), describe(dataset));
  }

  @Test
  void autoChoosesThePetsPatternAtNinetyPercent() throws Exception {
    for (int i = 0; i < 9; i++) {
      touch("images/" + (i % 2 == 0 ? "beagle_" : "Bengal_") + i + ".jpg");
    }
    touch("images/odd one.jpg");

    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    assertInstanceOf(LabelSource.FileNamePattern.class, dataset.labelSource());
    assertEquals(
        "auto: 9 of 10 file names (90%) look like <label>_<number>.<ext> (Oxford-IIIT Pets naming),"
            + " giving 2 labels (Bengal, beagle)",
        dataset.labelRule());
  }

  @Test
  void autoFallsBackToNoLabelsBelowNinetyPercentOrWithOneLabel() throws Exception {
    for (int i = 0; i < 8; i++) {
      touch("images/" + (i % 2 == 0 ? "beagle_" : "Bengal_") + i + ".jpg");
    }
    touch("images/odd one.jpg", "images/another.jpg");

    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    assertInstanceOf(LabelSource.NoLabels.class, dataset.labelSource());
    assertEquals(
        "auto: no labels, predictions only. Tried: subfolders as classes (only 1 subfolder contains images,"
            + " 2 needed); labels.csv (not in the folder); file names (80% look like <label>_<number>.<ext>,"
            + " 90% needed)",
        dataset.labelRule());
    assertTrue(dataset.classNames().isEmpty());
    assertTrue(dataset.stream().noneMatch(ImageRecord::isLabelled));

    Path single = Files.createDirectory(root.resolve("single"));
    Files.createFile(single.resolve("beagle_1.jpg"));
    Files.createFile(single.resolve("beagle_2.jpg"));
    Dataset oneLabel = DatasetScanner.scan(single, new LabelSource.Auto());
    assertInstanceOf(LabelSource.NoLabels.class, oneLabel.labelSource());
    assertTrue(oneLabel.labelRule().endsWith(
        "file names (100% look like <label>_<number>.<ext>, all with one label (2 or more needed))"),
        oneLabel.labelRule());
  }

  @Test
  void csvLabelsWithQuotedNames() throws Exception {
    touch("tom, the cat.jpg", "sub/say \"hi\".png", "fido.jpg", "stray.jpg");
    Files.writeString(
        root.resolve("labels.csv"),
        "File,Label\r\n"
            + "\"tom, the cat.jpg\",cat\r\n"
            + "\"sub/say \"\"hi\"\".png\",\"dog, probably\"\r\n"
            + "./fido.jpg, dog \r\n"
            + "ghost.jpg,cat\r\n");

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("csv"));

    assertEquals(List.of("cat", "dog", "dog, probably"), dataset.classNames());
    assertEquals(
        List.of("fido.jpg=1", "stray.jpg=-1", "sub/say \"hi\".png=2", "tom, the cat.jpg=0"),
        describe(dataset));
    assertEquals(
        List.of(
            "1 image is not listed in labels.csv and has no label (first: stray.jpg)",
            "1 row of labels.csv name files that were not found among the images (first:"
                + " ghost.jpg)"),
        dataset.notes());
    assertEquals(
        "csv: labels from " + root.resolve("labels.csv").toAbsolutePath() + " (3 labels)",
        dataset.labelRule());
  }

  @Test
  void autoUsesLabelsCsvInTheRoot() throws Exception {
    touch("a.jpg", "b.jpg");
    Files.writeString(root.resolve("labels.csv"), "label,file\ncat,a.jpg\ndog,b.jpg\n");

    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    assertEquals(List.of("a.jpg=0", "b.jpg=1"), describe(dataset));
    assertEquals(
        "auto: labels from labels.csv in the dataset folder (2 labels)", dataset.labelRule());
  }

  @Test
  void csvElsewhereByAbsolutePath(@TempDir Path elsewhere) throws Exception {
    touch("a.jpg");
    Path csv = elsewhere.resolve("my labels.csv");
    Files.writeString(csv, "filename,class\na.jpg,cat\n");

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("csv:" + csv));

    assertEquals(List.of("a.jpg=0"), describe(dataset));
  }

  @Test
  void csvProblemsAreClearErrors() throws Exception {
    touch("a.jpg");
    Path csv = root.resolve("labels.csv");

    Files.writeString(csv, "name;label\na.jpg;cat\n");
    assertEquals(
        "labels.csv has no 'file' column; its header is: name;label (expected columns file,label)",
        scanError("csv").getMessage());

    Files.writeString(csv, "file,label\na.jpg,cat\nb.jpg,dog\na.jpg,dog\n");
    assertEquals(
        "labels.csv lines 2 and 4 give a.jpg different labels ('cat' and 'dog')",
        scanError("csv").getMessage());

    Files.writeString(csv, "file,label\n\"a.jpg,cat\n");
    assertEquals(
        "labels.csv line 2: a quoted field is never closed", scanError("csv").getMessage());

    Files.writeString(csv, "file,label\na.jpg\n");
    assertEquals("labels.csv line 2: expected 2 fields, found 1", scanError("csv").getMessage());

    Files.writeString(csv, "");
    assertEquals(
        "labels.csv is empty; it needs a header with 'file' and 'label' columns",
        scanError("csv").getMessage());

    assertEquals(
        "labels file not found: " + root.resolve("other.csv"),
        scanError("csv:other.csv").getMessage());
  }

  @Test
  void noneGivesPredictionsOnly() throws Exception {
    touch("cat/a.jpg", "dog/b.jpg");

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("none"));

    assertEquals(List.of("cat/a.jpg=-1", "dog/b.jpg=-1"), describe(dataset));
    assertEquals("none: no labels, predictions only", dataset.labelRule());
  }

  @Test
  void missingOrWrongRootIsAClearError() throws Exception {
    DatasetException missing =
        assertThrows(
            DatasetException.class,
            () -> DatasetScanner.scan(root.resolve("nope"), new LabelSource.Auto()));
    assertEquals("dataset folder not found: " + root.resolve("nope"), missing.getMessage());

    touch("file.jpg");
    DatasetException file =
        assertThrows(
            DatasetException.class,
            () -> DatasetScanner.scan(root.resolve("file.jpg"), new LabelSource.Auto()));
    assertEquals("not a folder: " + root.resolve("file.jpg"), file.getMessage());
  }

  @Test
  void emptyFolderSaysWhatItLookedFor() throws Exception {
    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    assertTrue(dataset.isEmpty());
    assertEquals(
        List.of(
            "no image files found (looked for .bmp, .gif, .jpeg, .jpg, .png, .tif, .tiff, .webp)"),
        dataset.notes());
  }

  @Test
  void scanningNeverChangesTheFolder() throws Exception {
    touch("cat/a.jpg", "dog/b.jpg", "c.jpg");
    Files.writeString(root.resolve("labels.csv"), "file,label\nc.jpg,cat\n");
    Map<String, String> before = tree(root);

    for (String spec : new String[] {"auto", "folders", "pattern", "csv", "none"}) {
      DatasetScanner.scan(root, LabelSource.parse(spec));
    }

    assertEquals(before, tree(root));
  }

  @Test
  void followsLinksButNotInCircles() throws Exception {
    touch("cat/a.jpg", "dog/b.jpg");
    try {
      Files.createSymbolicLink(root.resolve("cat/loop"), root);
    } catch (UnsupportedOperationException | IOException e) {
      return; // no symbolic links on this file system
    }

    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("folders"));

    assertEquals(List.of("cat/a.jpg=0", "dog/b.jpg=1"), describe(dataset));
  }

  @Test
  void matchClassesReindexesLabelsToTheModel() throws Exception {
    touch("cat/a.jpg", "Dog/b.jpg", "c.jpg");
    Dataset dataset = DatasetScanner.scan(root, LabelSource.parse("folders"));

    Dataset matched = dataset.matchClasses(List.of("dog", "cat", "fox"));

    assertEquals(List.of("dog", "cat", "fox"), matched.classNames());
    assertEquals(List.of("Dog/b.jpg=0", "c.jpg=-1", "cat/a.jpg=1"), describe(matched));
  }

  @Test
  void matchClassesExplainsUnknownLabelsAndWhereTheyCameFrom() throws Exception {
    touch("cat/a.jpg", "lynx/b.jpg");
    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    LabelMismatchException e =
        assertThrows(
            LabelMismatchException.class, () -> dataset.matchClasses(List.of("cat", "dog")));

    assertEquals(
        "1 dataset label is not a class of the model: 'lynx'.\n"
            + "The model has 2 classes: 'cat', 'dog'.\n"
            + "The dataset's labels came from auto: 2 subfolders contain images (cat, lynx), so"
            + " each subfolder is a class.",
        e.getMessage());
    assertEquals(List.of("lynx"), e.unknownLabels());
  }

  @Test
  void scansTwentyThousandFilesInSortedOrderWithoutOpeningThem() throws Exception {
    // Empty files: decoding any of them would fail, so a successful scan proves none was opened.
    List<String> names = new ArrayList<>();
    for (int c = 0; c < 20; c++) {
      Files.createDirectory(root.resolve(String.format("class_%02d", c)));
      for (int i = 0; i < 1000; i++) {
        names.add(String.format("class_%02d/img_%04d.jpg", c, i));
      }
    }
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new Random(1));
    for (String name : shuffled) {
      Files.createFile(root.resolve(name));
    }

    Dataset dataset = DatasetScanner.scan(root, new LabelSource.Auto());

    assertEquals(20_000, dataset.size());
    assertEquals(20, dataset.classNames().size());
    List<String> scanned = dataset.stream().map(dataset::relativePath).collect(Collectors.toList());
    assertEquals(names, scanned); // names were generated in sorted order
    assertEquals(1000, dataset.countsPerClass()[7]);
    try (Stream<Path> firstThree = ImageFiles.walk(root).limit(3)) {
      assertEquals(
          names.subList(0, 3),
          firstThree.map(p -> Dataset.relativeKey(root, p)).collect(Collectors.toList()));
    }
  }

  @Test
  void imageExtensionsAreCaseInsensitive() {
    for (String name :
        new String[] {"a.jpg", "a.JPEG", "a.Png", "a.bmp", "a.gif", "a.webp", "a.tif", "a.TIFF"}) {
      assertTrue(ImageFiles.hasImageExtension(name), name);
    }
    for (String name : new String[] {"a.txt", "jpg", ".jpg", "a.jpg.part", "a.heic"}) {
      assertTrue(!ImageFiles.hasImageExtension(name), name);
    }
  }

  private DatasetException scanError(String spec) {
    return assertThrows(
        DatasetException.class, () -> DatasetScanner.scan(root, LabelSource.parse(spec)));
  }

  private void touch(String... relativePaths) throws IOException {
    for (String relative : relativePaths) {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.createFile(file);
    }
  }

  private static List<String> describe(Dataset dataset) {
    return dataset.stream()
        .map(r -> dataset.relativePath(r) + "=" + r.label())
        .collect(Collectors.toList());
  }

  /** Every path under the folder with its size and modification time. */
  private static Map<String, String> tree(Path folder) throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      Map<String, String> tree = new TreeMap<>();
      for (Path p : (Iterable<Path>) all::iterator) {
        FileTime modified = Files.getLastModifiedTime(p);
        tree.put(
            folder.relativize(p).toString(),
            (Files.isDirectory(p) ? "dir" : Files.size(p)) + "@" + modified);
      }
      return tree;
    }
  }
}

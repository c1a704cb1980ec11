package com.comprehendo.analysis.explain;

import ai.djl.Device;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.LabelSource;
import com.comprehendo.model.TorchScriptClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small dataset of demo images (and one broken file) for the batch explainer's tests. */
final class ExplainFixtures {

  static final Path DEMO = Path.of("assets", "demo");

  /** Marked images the model calls star, a marked star, ordinary images of each class. */
  static final List<String> IMAGES = List.of("circle/img_0000.png", "circle/img_0006.png", "cross/img_0261.png",
      "star/img_0091.png", "star/img_0137.png", "triangle/img_0062.png", "triangle/img_0296.png");

  /** Sorted between the good images of its folder. */
  static final String BROKEN = "star/img_0100.png";

  private ExplainFixtures() {}

  static TorchScriptClassifier demoModel() throws Exception {
    return TorchScriptClassifier.load(DEMO.resolve("model.pt"), Device.cpu());
  }

  /** Copies the images (and a file that is no PNG) into {@code folder}/images. */
  static Path dataset(Path folder) throws IOException {
    Path images = folder.resolve("images");
    for (String image : IMAGES) {
      Path target = images.resolve(image);
      Files.createDirectories(target.getParent());
      Files.copy(DEMO.resolve("images").resolve(image), target);
    }
    Files.writeString(images.resolve(BROKEN), "this is not a png");
    return images;
  }

  /** The dataset's images as items, labels indexing the model's classes. */
  static List<ExplainItem> items(Path images, TorchScriptClassifier model) throws Exception {
    Dataset dataset = DatasetScanner.scan(images, LabelSource.parse("folders")).matchClasses(model.classNames());
    List<ExplainItem> items = new ArrayList<>();
    for (ImageRecord record : dataset) {
      items.add(new ExplainItem(dataset.relativePath(record), record.label(), ImageSource.file(record.path())));
    }
    return items;
  }

  /** Relative L2 distance of two arrays. */
  static double relativeL2(float[] expected, float[] actual) {
    return com.comprehendo.FloatArrays.relativeL2(actual, expected);
  }
}

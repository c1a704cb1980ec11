package com.comprehendo.spark;

import com.comprehendo.analysis.explain.BatchExplainer;
import com.comprehendo.analysis.explain.ExplainItem;
import com.comprehendo.analysis.explain.ImageExplanation;
import com.comprehendo.analysis.explain.ImageSource;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.Provenance;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.IoErrors;
import com.comprehendo.platform.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * An executor's share of the job: the images of one partition, given by their keys and read here
 * from the dataset's file system as they are needed, explained in order by the same {@link BatchExplainer} as
 * {@code comprehendo explain}, each map and its provenance sidecar written to the results folder as
 * soon as it is done; the partition's index rows ({@link ResultsFolder#COLUMNS}, text) go back to
 * the driver. An unreadable image gives its row with the reason, never a failed task.
 *
 * <p>No Spark type reaches the core: rows become {@link ExplainItem}s of bytes, results come back
 * through an {@link com.comprehendo.analysis.explain.ExplanationSink}. Gradient work is serialized
 * per JVM by the core (DJL allows one gradient collector per JVM): give each executor one task at a
 * time ({@code spark.task.cpus} = {@code spark.executor.cores}) and let libtorch use the cores.
 */
final class ExplainPartition implements FlatMapFunction<Iterator<String>, Row> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<JobSettings> broadcast;

  ExplainPartition(Broadcast<JobSettings> broadcast) {
    this.broadcast = broadcast;
  }

  @Override
  public Iterator<Row> call(Iterator<String> keys) throws Exception {
    if (!keys.hasNext()) {
      return List.<Row>of().iterator();
    }
    JobSettings settings = broadcast.value();
    HadoopFiles files = new HadoopFiles(HadoopFiles.read(settings.hadoopConfiguration()));
    Path dataRoot = new Path(settings.dataRoot());
    TorchScriptClassifier model = ExecutorModels.get(settings);
    MethodRecipe recipe = MethodRecipe.of(settings.methodId(), settings.givenParameters(),
        ModelFacts.of(model.spec().preprocessing()));
    TargetChoice target = TargetChoice.parse(settings.target(), model.classNames());
    Map<String, String> imageSha256 = new HashMap<>();
    Iterator<ExplainItem> items = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return keys.hasNext();
      }

      @Override
      public ExplainItem next() {
        String key = keys.next();
        byte[] content = null;
        String unreadable = "cannot read: no such file (removed while the job ran?)";
        try {
          content = files.readIfExists(new Path(dataRoot, key)).orElse(null);
        } catch (IOException e) {
          unreadable = "cannot read: " + IoErrors.reason(e);
        }
        if (content == null) {
          String reason = unreadable;
          return new ExplainItem(key, settings.labelOf(key), decoder -> {
            throw ImageDecodeException.unreadableFile(reason);
          });
        }
        MessageDigest digest = Sha256.newDigest();
        digest.update(content);
        imageSha256.put(key, Sha256.hex(digest));
        return new ExplainItem(key, settings.labelOf(key), ImageSource.bytes(content));
      }
    };
    BatchExplainer.Builder builder = BatchExplainer.builder(model, recipe).optTarget(target)
        .optBoxes(key -> Optional.ofNullable(settings.boxes().get(key))
            .map(box -> new BoundingBox(box[0], box[1], box[2], box[3])));
    if (settings.budgetBytes() > 0) {
      builder.optBudget(new BatchBudget(settings.budgetBytes()));
    }
    Path out = new Path(settings.out());
    String device = model.device().toString();
    List<Row> rows = new ArrayList<>();
    builder.build().explain(items, 0, explanation -> {
      if (explanation.readable()) {
        writeMap(files, out, settings, recipe, device, imageSha256.get(explanation.key()), explanation);
      }
      rows.add(RowFactory.create(ResultsFolder.row(explanation, model.classNames()).toArray()));
    });
    return rows.iterator();
  }

  /** The image's key: its path relative to the dataset folder, {@code /}-separated. */
  static String keyOf(String dataRoot, String imagePath) {
    String path = new Path(imagePath).toUri().getPath();
    String rootPath = new Path(dataRoot).toUri().getPath();
    String root = rootPath.endsWith("/") ? rootPath : rootPath + "/";
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException(imagePath + " is not in the dataset folder " + dataRoot);
    }
    return path.substring(root.length());
  }

  /** Writes the map and its sidecar, with the provenance {@code explain} gives them. */
  private static void writeMap(HadoopFiles files, Path out, JobSettings settings, MethodRecipe recipe, String device,
      String imageSha256, ImageExplanation explanation) throws IOException {
    Path map = new Path(out, ResultsFolder.mapName(explanation.key()));
    ByteArrayOutputStream npy = new ByteArrayOutputStream();
    explanation.map().orElseThrow().write(npy);
    byte[] mapBytes = npy.toByteArray();
    MessageDigest digest = Sha256.newDigest();
    digest.update(mapBytes);
    String imageLocation = HadoopFiles.location(new Path(new Path(settings.dataRoot()), explanation.key()));
    Provenance.Builder base = Provenance.builder().setCommandLine(settings.commandLine())
        .optModel(settings.modelRecord()).optDevice(device)
        .optInput("image", Provenance.fileRecord(imageLocation, imageSha256));
    String sidecar = ResultsFolder.mapProvenance(base, recipe, settings.runKey(), explanation)
        .toJson(HadoopFiles.location(map), Sha256.hex(digest));
    Map<Path, byte[]> together = new LinkedHashMap<>();
    together.put(new Path(map.getParent(), map.getName() + ".json"), sidecar.getBytes(StandardCharsets.UTF_8));
    together.put(map, mapBytes);
    files.writeTogether(together);
  }
}

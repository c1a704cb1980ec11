package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.LabelSource;
import com.comprehendo.data.MatchedDataset;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.job.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Predicting a dataset in pieces that stop and go on, as the explorer's chunks do. */
class ResumablePredictionTest {

  private static final Path ROOT = Path.of("/data");

  /** Five images, the third unreadable; "cat" images score for cat. */
  private static MatchedDataset matched() {
    List<ImageRecord> records = new ArrayList<>();
    for (String name : List.of("cat/a.jpg", "dog/b.jpg", "dog/broken.jpg", "cat/c.jpg", "dog/d.jpg")) {
      records.add(new ImageRecord(ROOT.resolve(name), name.startsWith("cat") ? 0 : 1));
    }
    return MatchedDataset.match(
        Dataset.of(ROOT, List.of("cat", "dog"), records, new LabelSource.Folders(), "folders"), List.of("cat", "dog"));
  }

  @Test
  void piecesStoppedByCancelGoOnWhereTheyStoppedAndPredictEveryImageOnce() {
    ResumablePrediction prediction = new ResumablePrediction(matched(), ScoreKind.LOGITS);
    ScoringExplainer explainer = new ScoringExplainer();
    List<String> progress = new ArrayList<>();
    ProgressListener listener = (done, total) -> progress.add(done + "/" + total);

    // The first piece is cancelled after its first batch of two.
    int[] checks = {0};
    CancellationToken afterOneBatch = () -> ++checks[0] > 1;
    assertThrows(CancelledException.class, () -> prediction.predictRest(explainer, listener, afterOneBatch));
    assertEquals(2, prediction.next());
    assertEquals(2, prediction.snapshot().predictedCount());

    prediction.predictRest(explainer, listener, CancellationToken.NONE);

    assertEquals(5, prediction.next());
    assertEquals(5, prediction.total());
    assertEquals(List.of("2/5", "4/5", "5/5"), progress, "counted over the whole dataset");
    assertEquals(List.of("a.jpg", "b.jpg", "broken.jpg", "c.jpg", "d.jpg"), explainer.seen, "each image once");
    AnalysisSnapshot results = prediction.snapshot();
    assertEquals(4, results.predictedCount());
    assertEquals(1, results.unreadable().size());
    assertEquals(1.0, results.accuracy(), 1e-12);
  }

  @Test
  void aFinishedPredictionHasNothingLeftToDo() {
    ResumablePrediction prediction = new ResumablePrediction(matched(), ScoreKind.LOGITS);
    ScoringExplainer explainer = new ScoringExplainer();
    prediction.predictRest(explainer, ProgressListener.NONE, CancellationToken.NONE);

    prediction.predictRest(explainer, ProgressListener.NONE, CancellationToken.NONE);

    assertEquals(5, explainer.seen.size(), "nothing predicted twice");
    assertEquals(4, prediction.snapshot().predictedCount());
  }

  /** Scores by folder name, two images per batch, "broken" files unreadable; dataset predictions only. */
  private static final class ScoringExplainer implements Explainer {
    final List<String> seen = new ArrayList<>();

    @Override
    public void predictDataset(
        Dataset dataset, PredictionAccumulator into, ProgressListener progress, CancellationToken cancellation) {
      for (int start = 0; start < dataset.size(); start += 2) {
        cancellation.throwIfCancelled();
        int end = Math.min(dataset.size(), start + 2);
        for (ImageRecord record : dataset.records().subList(start, end)) {
          String name = record.path().getFileName().toString();
          seen.add(name);
          if (name.startsWith("broken")) {
            into.addUnreadable(new UnreadableImage(record.path(), "not an image"));
          } else {
            boolean cat = record.path().getParent().endsWith("cat");
            into.add(record, cat ? new float[] {2, 0} : new float[] {0, 2});
          }
        }
        progress.onProgress(end, dataset.size());
      }
    }

    @Override
    public Path file() {
      return Path.of("model.pt");
    }

    @Override
    public List<String> classNames() {
      return List.of("cat", "dog");
    }

    @Override
    public Preprocessing preprocessing() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> assumptions() {
      return List.of();
    }

    @Override
    public String device() {
      return "CPU";
    }

    @Override
    public ScoreKind scoreKind() {
      return ScoreKind.LOGITS;
    }

    @Override
    public Prediction predict(float[] input) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AttributionResult attribute(float[] input, int target, AttributionMethod method, ProgressListener progress,
        CancellationToken cancellation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}

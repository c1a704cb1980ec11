package com.comprehendo.analysis.explain;

import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.CancelledException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Explains a list of images into a {@link ResultsFolder}, skipping those a previous run finished with
 * the same parameters: run it again after an interruption and it does only what is left, ending with
 * the same index and maps as one uninterrupted run.
 *
 * <pre>{@code
 * ResultsFolder results = ResultsFolder.open(out, run, keys);
 * ResumableExplanation.Plan plan = ResumableExplanation.plan(results, items, boxes, pre);
 * // build the explainer with progress over plan.todo().size() images
 * ResumableExplanation.Summary summary = ResumableExplanation.explain(explainer, results, plan);
 * }</pre>
 */
public final class ResumableExplanation {

  private ResumableExplanation() {}

  /**
   * The images left to explain.
   *
   * @param kept how many were done before (their rows are kept in the results)
   * @param todo the others, in order
   */
  public record Plan(int kept, List<ExplainItem> todo) {
    public Plan {
      todo = List.copyOf(todo);
    }
  }

  /**
   * What a run did.
   *
   * @param kept images done before, not computed again
   * @param explained images explained now
   * @param unreadable images that could not be read (listed in the index with their reason)
   */
  public record Summary(int kept, int explained, int unreadable) {}

  /**
   * Keeps the rows of the images done before (their localization recomputed against {@code boxes})
   * and returns the others.
   *
   * @param boxes the object's box of each image by key, in image pixels
   * @param preprocessing the model's, which places the boxes in the maps
   */
  public static Plan plan(
      ResultsFolder results, List<ExplainItem> items, Function<String, Optional<BoundingBox>> boxes,
      Preprocessing preprocessing) throws IOException {
    List<ExplainItem> todo = new ArrayList<>();
    int kept = 0;
    for (ExplainItem item : items) {
      if (results.isDone(item.key(), item.label())) {
        results.keep(item.key(), boxes.apply(item.key()), preprocessing);
        kept++;
      } else {
        todo.add(item);
      }
    }
    return new Plan(kept, todo);
  }

  /**
   * Explains what the plan left and writes the index; when cancelled (or when writing a map fails)
   * the index is written with what is done before the exception goes on.
   *
   * @throws CancelledException when the explainer's token fires
   */
  public static Summary explain(BatchExplainer explainer, ResultsFolder results, Plan plan) throws IOException {
    int[] counts = new int[2];
    try {
      explainer.explain(plan.todo(), explanation -> {
        results.accept(explanation);
        counts[explanation.readable() ? 0 : 1]++;
      });
    } catch (IOException | RuntimeException e) {
      try {
        results.writeIndex();
      } catch (IOException indexFailure) {
        e.addSuppressed(indexFailure);
      }
      throw e;
    }
    results.writeIndex();
    return new Summary(plan.kept(), counts[0], counts[1]);
  }
}

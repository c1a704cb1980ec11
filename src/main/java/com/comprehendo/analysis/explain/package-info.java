/**
 * Explanations of whole datasets, free of command-line and explorer types so that any driver (the
 * {@code explain} command, the explorer's heat-map gallery, a cluster job's {@code mapPartitions})
 * runs the same core:
 *
 * <ul>
 *   <li>{@link com.comprehendo.analysis.explain.BatchExplainer} attributes many images: decoding
 *       runs ahead on a thread pool, images share model passes where the method allows it, batches
 *       fill the memory budget, and each result goes to an {@link
 *       com.comprehendo.analysis.explain.ExplanationSink} as soon as it is done;
 *   <li>{@link com.comprehendo.analysis.explain.MethodRecipe} builds each image's method, with seeds
 *       derived from the image's identity, so results depend on neither order nor partitioning;
 *   <li>{@link com.comprehendo.analysis.explain.ResultsFolder} is the sink that writes a results
 *       folder ({@code maps/}, {@code index.csv}, provenance) and resumes an interrupted run.
 * </ul>
 */
package com.comprehendo.analysis.explain;

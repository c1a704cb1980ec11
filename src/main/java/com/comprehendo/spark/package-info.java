/**
 * The batch explainer on Apache Spark ({@code comprehendo-spark.jar}, docs/cluster.md): the driver lists
 * the images on any Hadoop file system, executors explain partitions of them with the same core as
 * {@code comprehendo explain} ({@link com.comprehendo.analysis.explain.BatchExplainer}) and write the
 * maps; the driver writes the index as CSV and Parquet. Spark is a {@code provided} dependency: this
 * package is left out of the desktop jar, and nothing else in the application depends on it.
 */
package com.comprehendo.spark;

package com.comprehendo.spark;

import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.OutputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Files on any Hadoop file system (local, HDFS, S3 through its connector): whole-file reads, and
 * writes that put files in place together by renaming finished temporary files, so a reader never
 * sees half a map (on HDFS a rename is atomic; on object stores it is a copy, and a killed task may
 * leave a temporary file, which the next run ignores).
 */
final class HadoopFiles {

  private final Configuration configuration;

  HadoopFiles(Configuration configuration) {
    this.configuration = configuration;
  }

  /** The driver's configuration as bytes, to rebuild on executors ({@link #read(byte[])}). */
  static byte[] write(Configuration configuration) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      configuration.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A configuration written by {@link #write(Configuration)}. */
  static Configuration read(byte[] written) {
    Configuration configuration = new Configuration(false);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(written))) {
      configuration.readFields(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return configuration;
  }

  /**
   * The path's file system; for local files the raw one, so no {@code .crc} checksum file lands beside
   * each map (the results folder holds what {@code explain} writes, and nothing else).
   */
  FileSystem fileSystem(Path path) throws IOException {
    FileSystem fs = path.getFileSystem(configuration);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  Configuration configuration() {
    return configuration;
  }

  /**
   * Whether a regular file is at {@code path}. On this machine's disk a FIFO or a device is none: Hadoop's
   * local file system calls anything but a folder a file, and reading a FIFO would wait for ever.
   */
  boolean isFile(Path path) throws IOException {
    Optional<java.nio.file.Path> local = local(path);
    if (local.isPresent()) {
      return java.nio.file.Files.isRegularFile(local.get());
    }
    FileSystem fs = fileSystem(path);
    return fs.exists(path) && fs.getFileStatus(path).isFile();
  }

  /**
   * What is at {@code path} when it is not a regular file ("is a directory", "is a FIFO (named pipe)",
   * …), for messages about an input that must be a file; empty for a regular file or nothing.
   */
  String describeNonFile(Path path) throws IOException {
    Optional<java.nio.file.Path> local = local(path);
    if (local.isPresent()) {
      return AtomicFiles.describeNonFile(local.get());
    }
    FileSystem fs = fileSystem(path);
    if (!fs.exists(path)) {
      return "";
    }
    FileStatus status = fs.getFileStatus(path);
    return status.isFile() ? "" : status.isDirectory() ? "is a directory" : "is not a regular file";
  }

  /**
   * Why the results cannot be written into {@code folder}, in one line, e.g. "cannot write /r: is a FIFO
   * (named pipe); give a folder"; empty when nothing is there (it is created) or a folder is. On this
   * machine's disk as {@code explain} checks it ({@link AtomicFiles#checkFolderTarget}: a symbolic link
   * is refused too).
   */
  Optional<String> folderTargetProblem(Path folder) throws IOException {
    Optional<java.nio.file.Path> local = local(folder);
    if (local.isPresent()) {
      try {
        AtomicFiles.checkFolderTarget(local.get());
        return Optional.empty();
      } catch (OutputException e) {
        return Optional.of(e.getMessage());
      }
    }
    FileSystem fs = fileSystem(folder);
    return !fs.exists(folder) || fs.getFileStatus(folder).isDirectory() ? Optional.empty()
        : Optional.of(folder + " is a file; give a folder");
  }

  /** The path on this machine's disk, for a {@code file:} path. */
  private static Optional<java.nio.file.Path> local(Path path) {
    return "file".equals(path.toUri().getScheme()) ? Optional.of(java.nio.file.Path.of(path.toUri())) : Optional.empty();
  }

  boolean isDirectory(Path path) throws IOException {
    FileSystem fs = fileSystem(path);
    return fs.exists(path) && fs.getFileStatus(path).isDirectory();
  }

  /** The whole file, if it exists. */
  Optional<byte[]> readIfExists(Path path) throws IOException {
    FileSystem fs = fileSystem(path);
    if (!fs.exists(path)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(path)) {
      return Optional.of(in.readAllBytes());
    }
  }

  Optional<String> readTextIfExists(Path path) throws IOException {
    return readIfExists(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** Copies a file to this machine's disk (a model, a labels or boxes CSV). */
  void copyToLocal(Path from, java.nio.file.Path to) throws IOException {
    try (InputStream in = fileSystem(from).open(from); OutputStream out = java.nio.file.Files.newOutputStream(to)) {
      in.transferTo(out);
    }
  }

  /**
   * Writes each file to a temporary name beside it, then renames them into place in the given order
   * (a map's sidecar before the map, the index's before the index).
   */
  void writeTogether(Map<Path, byte[]> files) throws IOException {
    if (!files.isEmpty() && files.keySet().stream().allMatch(this::isLocal)) {
      writeLocally(files);
      return;
    }
    Map<Path, Path> temporary = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, byte[]> file : files.entrySet()) {
        Path target = file.getKey();
        Path partial = new Path(target.getParent(), "." + target.getName() + ".partial-" + UUID.randomUUID());
        FileSystem fs = fileSystem(target);
        try (OutputStream out = fs.create(partial, true)) {
          out.write(file.getValue());
        }
        temporary.put(target, partial);
      }
      for (Map.Entry<Path, Path> file : temporary.entrySet()) {
        FileSystem fs = fileSystem(file.getKey());
        fs.delete(file.getKey(), false); // a rename does not replace on HDFS
        if (!fs.rename(file.getValue(), file.getKey())) {
          throw new IOException("cannot move " + file.getValue() + " to " + file.getKey());
        }
      }
    } finally {
      for (Path partial : temporary.values()) {
        FileSystem fs = fileSystem(partial);
        if (fs.exists(partial)) {
          fs.delete(partial, false);
        }
      }
    }
  }

  /**
   * Local files go through {@link AtomicFiles}, as {@code explain} writes them. Hadoop's local file
   * system sets each new file's permissions by starting a {@code chmod} process when Hadoop's native
   * library is absent (as in the job jar): two processes per image made the job in {@code local[2]}
   * about three times slower than {@code explain} on the demo (a 50 KB map took 30 to 70 ms to write).
   */
  private void writeLocally(Map<Path, byte[]> files) throws IOException {
    try (AtomicFiles atomic = new AtomicFiles()) {
      for (Map.Entry<Path, byte[]> file : files.entrySet()) {
        byte[] bytes = file.getValue();
        RawLocalFileSystem local = (RawLocalFileSystem) fileSystem(file.getKey());
        atomic.add(local.pathToFile(file.getKey()).toPath(), out -> out.write(bytes));
      }
      atomic.commit();
    }
  }

  private boolean isLocal(Path path) {
    try {
      return fileSystem(path) instanceof RawLocalFileSystem;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * How a file is named in provenance: a plain path for the local file system (as {@code explain}
   * writes it), the full URI elsewhere ({@code hdfs://…}).
   */
  static String location(Path path) {
    return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
  }
}

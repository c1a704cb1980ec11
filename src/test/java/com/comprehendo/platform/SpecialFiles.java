package com.comprehendo.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** FIFOs and device nodes for the tests of refused output paths, and what a folder holds. */
public final class SpecialFiles {

  /** The file-type bits of {@code st_mode}. */
  public static final int TYPE_MASK = 0170000;
  public static final int FIFO = 0010000;
  public static final int CHARACTER_DEVICE = 0020000;

  private SpecialFiles() {}

  /** Makes a FIFO with {@code mkfifo}; false where that is not possible. */
  public static boolean mkfifo(Path path) throws InterruptedException {
    return run("mkfifo", path.toString());
  }

  /**
   * A character device like {@code /dev/null} (c 1 3) at {@code path} when {@code mknod} works (as
   * root); otherwise {@code /dev/null} itself, which only a refusal that never touches it may be
   * tested with (a non-root user cannot replace it either).
   */
  public static Path characterDevice(Path path) throws InterruptedException {
    return run("mknod", "-m", "666", path.toString(), "c", "1", "3") ? path : Path.of("/dev/null");
  }

  /** The file-type bits of {@code path} (not following a link). */
  public static int type(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & TYPE_MASK;
  }

  /** The folder's entries, sorted: to check that nothing (no temporary file) was left. */
  public static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}

package com.comprehendo.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every file Comprehendo writes (results, exports, sidecars, caches), all or nothing: each
 * file is written to a temporary file beside its target, and {@link #commit()} moves them all into
 * place; a failure, or closing without committing, removes every temporary file and leaves every
 * target as it was.
 *
 * <p>The rules, checked when a file is added and again just before the moves:
 *
 * <ul>
 *   <li>Only a regular file is replaced, or a new one created. A device, a FIFO, a socket, a folder
 *       or a symbolic link at the path is refused with an {@link OutputException} ({@link
 *       OutputException#refused()}); nothing is written through it and it is never replaced.
 *   <li>New files get the permissions the user's umask gives (the temporary file is created by
 *       {@code open(O_CREAT, 0666)}, not by {@link Files#createTempFile}, which makes them 0600); a
 *       replaced file keeps its permissions.
 *   <li>Errors name the file and the cause in words (see {@link IoErrors}), e.g. {@code cannot write
 *       out.png: no space left on device}.
 *   <li>Several files are committed together: if a move fails, the files moved before it get their
 *       previous content back (hard-linked aside before the move) or are removed if they are new.
 * </ul>
 *
 * <p>What is left: a process killed between two moves of one commit keeps the files moved so far
 * (each one whole). The type check and the move are two system calls: a device node created at the
 * path in between by another process would be replaced by our file (never written through).
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("ig.npy"), array::write);                  // one file
 *
 * try (AtomicFiles files = new AtomicFiles()) {                        // several, all or nothing
 *   files.add(heatMap, PngWriter.content(image));
 *   files.add(normalized, array::write);
 *   files.commit();
 * }
 * }</pre>
 */
public final class AtomicFiles implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

  /** What goes into one file. */
  @FunctionalInterface
  public interface Content {
    /** Writes the file's bytes; the stream is closed by the caller. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Moves a finished temporary file onto its target; replaced in tests to make a move fail. */
  @FunctionalInterface
  interface Mover {
    void move(Path temporary, Path target) throws IOException;
  }

  private final Mover mover;
  private final boolean hashing;
  private final List<PendingFile> pending = new ArrayList<>();
  private boolean committed;
  private boolean closed;

  /** An empty set of files to write, each hashed as it is written. */
  public AtomicFiles() {
    this(AtomicFiles::moveIntoPlace, true);
  }

  AtomicFiles(Mover mover) {
    this(mover, true);
  }

  private AtomicFiles(Mover mover, boolean hashing) {
    this.mover = mover;
    this.hashing = hashing;
  }

  /**
   * An empty set of files whose hashes nobody reads (a cache's entries): {@link #add} returns null and
   * {@link #sha256} refuses. Hashing is most of a small file's cost under the launcher's quick JIT
   * compiler alone ({@code -XX:TieredStopAtLevel=1} has no SHA-256 intrinsic): 0.34 ms for a 49 KB heat
   * map against 0.03 ms with the optimizing compiler, which the gallery would pay 320 times on the demo.
   */
  public static AtomicFiles withoutHashes() {
    return new AtomicFiles(AtomicFiles::moveIntoPlace, false);
  }

  /**
   * Writes one file atomically (missing parent folders are created).
   *
   * @return the SHA-256 of the bytes written, in lower-case hex
   * @throws OutputException if the path is refused or the write fails; the target is then untouched
   */
  public static String write(Path target, Content content) throws OutputException {
    try (AtomicFiles files = new AtomicFiles()) {
      String sha256 = files.add(target, content);
      files.commit();
      return sha256;
    }
  }

  /**
   * Checks that {@code target} may be written: it does not exist, or it is a regular file (a
   * symbolic link is not followed: a link is refused, whatever it points to).
   *
   * @throws OutputException ({@link OutputException#refused()}) naming what is there instead
   */
  public static void checkTarget(Path target) throws OutputException {
    BasicFileAttributes attributes = existingTarget(target);
    if (attributes != null && !attributes.isRegularFile()) {
      throw OutputException.refused(
          target, describeKind(target, attributes) + " (Comprehendo replaces only regular files)");
    }
  }

  /**
   * Checks that {@code folder} may be written into: it does not exist (it is created), or it is a
   * folder itself, not a symbolic link to one (a link is refused as for files: what it points to is
   * not what was named; a dangling one would fail only at the first write, after the work).
   *
   * @throws OutputException ({@link OutputException#refused()}) naming what is there instead
   */
  public static void checkFolderTarget(Path folder) throws OutputException {
    BasicFileAttributes attributes = existingTarget(folder);
    if (attributes == null) {
      return;
    }
    if (attributes.isSymbolicLink()) {
      throw OutputException.refused(folder, "is a symbolic link (give the folder it points to)");
    }
    if (!attributes.isDirectory()) {
      String kind = attributes.isRegularFile() ? "is a file" : describeKind(folder, attributes);
      throw OutputException.refused(folder, kind + "; give a folder");
    }
  }

  /** What is at an output path, the link itself when it is one; null when nothing is there. */
  private static BasicFileAttributes existingTarget(Path target) throws OutputException {
    try {
      return Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException e) {
      throw OutputException.failed(target, e);
    }
  }

  /**
   * What is at {@code path} when it is not a regular file ("is a directory", "is a FIFO (named pipe)",
   * …), for messages that name an input that must be a file; empty for a regular file or none.
   */
  public static String describeNonFile(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.isRegularFile() ? "" : describeKind(path, attributes);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Whether two paths name the same existing file, however spelt (relative or absolute, through
   * links, hard links): outputs must never overwrite the command's inputs.
   */
  public static boolean sameFile(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * Writes {@code content} for {@code target} into a temporary file beside it; {@link #commit()}
   * moves it into place.
   *
   * @return the SHA-256 of the bytes written, in lower-case hex; null for a set made {@link #withoutHashes()}
   */
  public String add(Path target, Content content) throws OutputException {
    OutputStream out = open(target);
    PendingFile file = pending.get(pending.size() - 1);
    try {
      try (out) {
        content.writeTo(out);
      }
    } catch (IOException | RuntimeException e) {
      pending.remove(file);
      file.discard();
      throw OutputException.failed(file.target, e);
    }
    return file.sha256;
  }

  /**
   * Opens a temporary file for {@code target}, for content written piece by piece (e.g. CSV rows);
   * close the stream before {@link #commit()} (commit closes it otherwise). Write errors surface as
   * {@link OutputException}s naming the target.
   */
  public OutputStream open(Path target) throws OutputException {
    if (committed || closed) {
      throw new IllegalStateException("these files are already " + (committed ? "committed" : "closed"));
    }
    Path absolute = target.toAbsolutePath();
    for (PendingFile other : pending) {
      if (sameFile(other.target, absolute)) {
        throw OutputException.refused(absolute, "is given twice as an output");
      }
    }
    checkTarget(absolute);
    Path parent = absolute.getParent();
    if (parent == null || absolute.getFileName() == null) {
      throw OutputException.refused(absolute, "is not a file name");
    }
    createFolder(absolute, parent);
    PendingFile file = new PendingFile(absolute, hashing);
    file.create();
    pending.add(file);
    return file.stream;
  }

  /** The SHA-256 (lower-case hex) of what was written for {@code target}, once its stream is closed. */
  public String sha256(Path target) {
    if (!hashing) {
      throw new IllegalStateException("these files are written without hashes");
    }
    Path absolute = target.toAbsolutePath();
    for (PendingFile file : pending) {
      if (file.target.equals(absolute)) {
        if (file.sha256 == null) {
          throw new IllegalStateException(target + " is still being written");
        }
        return file.sha256;
      }
    }
    throw new IllegalArgumentException(target + " is not one of these files");
  }

  /**
   * Moves every file into place, or none: on any failure the targets are left as they were and the
   * temporary files are removed.
   */
  public void commit() throws OutputException {
    if (committed) {
      return;
    }
    if (closed) {
      throw new IllegalStateException("these files are already closed");
    }
    try {
      for (PendingFile file : pending) {
        file.finish();
      }
      for (PendingFile file : pending) {
        checkTarget(file.target); // again: something else may have appeared there meanwhile
      }
    } catch (OutputException e) {
      close();
      throw e;
    }
    List<PendingFile> moved = new ArrayList<>();
    PendingFile current = null;
    try {
      for (int i = 0; i < pending.size(); i++) {
        current = pending.get(i);
        boolean later = i < pending.size() - 1;
        if (later && Files.exists(current.target, LinkOption.NOFOLLOW_LINKS)) {
          current.keepPrevious(); // the moves after this one may fail: keep what to restore
        }
        mover.move(current.temporary, current.target);
        current.temporary = null;
        moved.add(current);
      }
    } catch (IOException | RuntimeException e) {
      OutputException failure = OutputException.failed(current.target, e);
      for (int i = moved.size() - 1; i >= 0; i--) {
        moved.get(i).restore(failure);
      }
      close();
      throw failure;
    }
    for (PendingFile file : moved) {
      file.dropPrevious();
    }
    committed = true;
  }

  /** Removes what was not committed (temporary files and kept copies); never throws. */
  @Override
  public void close() {
    if (committed || closed) {
      return;
    }
    closed = true;
    for (PendingFile file : pending) {
      file.discard();
    }
  }

  private static void createFolder(Path target, Path parent) throws OutputException {
    if (Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      return; // one stat, where the checks below take four system calls: the gallery's cache writes two files a map
    }
    if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent)) {
      throw OutputException.failed(target, new IOException(parent + " is not a folder"));
    }
    try {
      Files.createDirectories(parent);
    } catch (FileAlreadyExistsException e) {
      throw OutputException.failed(target, new IOException(e.getFile() + " is not a folder"));
    } catch (IOException e) {
      throw OutputException.failed(target, e);
    }
  }

  static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** "is a character device", "is a FIFO", … from the file's type bits where the system has them. */
  private static String describeKind(Path path, BasicFileAttributes attributes) {
    if (attributes.isSymbolicLink()) {
      return "is a symbolic link";
    }
    if (attributes.isDirectory()) {
      return "is a directory";
    }
    try {
      int type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
      switch (type) {
        case 0020000:
          return "is a character device";
        case 0060000:
          return "is a block device";
        case 0010000:
          return "is a FIFO (named pipe)";
        case 0140000:
          return "is a socket";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      LOG.debug("no unix file type for {}", path, e);
    }
    return "is not a regular file";
  }
}

package com.comprehendo.platform;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of an {@link AtomicFiles} set: its target, its temporary file beside it (created with
 * the umask's permissions, or the replaced file's), the stream that writes it and hashes what it
 * writes, and, while the set commits, a link to the target's previous content to restore.
 */
final class PendingFile {

  private static final Logger LOG = LoggerFactory.getLogger(PendingFile.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** File-system names are limited to 255 bytes; the temporary name adds a prefix and a suffix. */
  private static final int MAX_STEM = 100;

  final Path target;
  Path temporary;
  Path previous;
  OutputStream stream;
  /** Null when the file is written without its hash. */
  final MessageDigest digest;
  String sha256;

  PendingFile(Path target, boolean hashing) {
    this.target = target;
    this.digest = hashing ? Sha256.newDigest() : null;
  }

  void create() throws OutputException {
    OutputStream raw = null;
    for (int attempt = 0; raw == null; attempt++) {
      Path candidate = sibling(target, ".part");
      try {
        // CREATE_NEW: never an existing file, never through a link; mode 0666 less the umask.
        raw = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        temporary = candidate;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw OutputException.failed(target, e);
        }
      } catch (IOException e) {
        throw OutputException.failed(target, e);
      }
    }
    keepPermissionsOfReplacedFile();
    stream = new Guarded(new BufferedOutputStream(digest == null ? raw : new DigestOutputStream(raw, digest), 1 << 16));
  }

  private void keepPermissionsOfReplacedFile() {
    try {
      if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("permissions of {} not copied", target, e);
    }
  }

  void finish() throws OutputException {
    try {
      stream.close();
    } catch (IOException e) {
      throw OutputException.failed(target, e);
    }
  }

  void keepPrevious() throws IOException {
    Path copy = sibling(target, ".previous");
    try {
      Files.createLink(copy, target);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(target, copy, StandardCopyOption.COPY_ATTRIBUTES);
    }
    previous = copy;
  }

  void restore(OutputException failure) {
    try {
      if (previous != null) {
        AtomicFiles.moveIntoPlace(previous, target);
        previous = null;
      } else {
        Files.deleteIfExists(target);
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  void dropPrevious() {
    delete(previous);
    previous = null;
  }

  void discard() {
    try {
      if (stream != null) {
        stream.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the temporary file of {}", target, e);
    }
    delete(temporary);
    temporary = null;
    dropPrevious();
  }

  private void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove the temporary file {}: {}", file, IoErrors.reason(e));
    }
  }

  /** Turns the stream's errors into {@link OutputException}s that name the target. */
  private final class Guarded extends FilterOutputStream {
    private boolean closed;

    Guarded(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw OutputException.failed(target, e);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        throw OutputException.failed(target, e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw OutputException.failed(target, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw OutputException.failed(target, e);
      }
      if (digest != null) {
        sha256 = Sha256.hex(digest);
      }
    }
  }

  private static Path sibling(Path target, String suffix) {
    String name = target.getFileName().toString();
    String stem = name.length() > MAX_STEM ? name.substring(0, MAX_STEM) : name;
    return target.resolveSibling("." + stem + "." + Long.toHexString(RANDOM.nextLong() >>> 1) + suffix);
  }
}

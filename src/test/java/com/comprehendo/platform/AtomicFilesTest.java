package com.comprehendo.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path folder;

  @Test
  void writesANewFileWithTheUmaskPermissionsAndItsHash() throws Exception {
    Path file = folder.resolve("sub/out.txt");

    String sha256 = AtomicFiles.write(file, text("hello"));

    assertEquals("hello", Files.readString(file));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hello".getBytes(UTF_8))), sha256);
    Path plain = folder.resolve("plain.txt");
    try (OutputStream out = Files.newOutputStream(plain)) {
      out.write(1);
    }
    // The umask's permissions (e.g. 0644), as any program gets; Files.createTempFile would give 0600.
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    assertEquals(List.of(file), SpecialFiles.list(file.getParent()));
  }

  @Test
  void writesWithoutHashesAllOrNothingAsBefore() throws IOException {
    Path first = folder.resolve("cache/a.npy");
    Path second = folder.resolve("cache/a.size");
    try (AtomicFiles files = AtomicFiles.withoutHashes()) {
      assertNull(files.add(first, text("map")));
      files.add(second, text("64 64"));
      assertThrows(IllegalStateException.class, () -> files.sha256(first));
      assertFalse(Files.exists(first), "nothing in place before the commit");
      files.commit();
    }
    assertEquals("map", Files.readString(first));
    assertEquals("64 64", Files.readString(second));
    assertEquals(List.of(first, second), SpecialFiles.list(first.getParent()).stream().sorted().toList());
  }

  @Test
  void replacesARegularFileAndKeepsItsPermissions() throws IOException {
    Path file = folder.resolve("out.txt");
    Files.writeString(file, "old");
    Set<PosixFilePermission> custom = PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(file, custom);

    AtomicFiles.write(file, text("new"));

    assertEquals("new", Files.readString(file));
    assertEquals(custom, Files.getPosixFilePermissions(file));
    assertEquals(List.of(file), SpecialFiles.list(folder));
  }

  @Test
  void refusesASymbolicLinkAndWritesNothingThroughIt() throws IOException {
    Path victim = folder.resolve("victim.txt");
    Files.writeString(victim, "precious");
    Path link = Files.createSymbolicLink(folder.resolve("link.txt"), victim);

    OutputException refused = assertThrows(OutputException.class, () -> AtomicFiles.write(link, text("x")));

    assertTrue(refused.refused());
    assertEquals("cannot write " + link + ": is a symbolic link (Comprehendo replaces only regular files)", refused.getMessage());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("precious", Files.readString(victim));
    assertEquals(List.of(link, victim), SpecialFiles.list(folder));
  }

  @Test
  void refusesADirectory() throws IOException {
    Path directory = Files.createDirectory(folder.resolve("out.png"));

    OutputException refused = assertThrows(OutputException.class, () -> AtomicFiles.write(directory, text("x")));

    assertTrue(refused.refused());
    assertTrue(refused.getMessage().endsWith(": is a directory (Comprehendo replaces only regular files)"), refused.getMessage());
    assertTrue(Files.isDirectory(directory));
    assertEquals(List.of(directory), SpecialFiles.list(folder));
  }

  @Test
  void refusesAFifoWithoutOpeningIt() throws Exception {
    Path fifo = folder.resolve("pipe");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");

    // Opening a FIFO for writing would block until a reader comes: a refusal returns at once.
    OutputException refused = assertThrows(OutputException.class, () -> AtomicFiles.write(fifo, text("x")));

    assertTrue(refused.refused());
    assertEquals("is a FIFO (named pipe) (Comprehendo replaces only regular files)", refused.reason());
    assertEquals(SpecialFiles.FIFO, SpecialFiles.type(fifo));
    assertEquals(List.of(fifo), SpecialFiles.list(folder));
  }

  @Test
  void refusesACharacterDevice() throws Exception {
    Path target = SpecialFiles.characterDevice(folder.resolve("fake-null"));

    OutputException refused = assertThrows(OutputException.class, () -> AtomicFiles.write(target, text("x")));

    assertTrue(refused.refused());
    assertEquals("is a character device (Comprehendo replaces only regular files)", refused.reason());
    assertEquals(SpecialFiles.CHARACTER_DEVICE, SpecialFiles.type(target));
    if (target.startsWith(folder)) {
      assertEquals(List.of(target), SpecialFiles.list(folder));
    }
  }

  @Test
  void aFailedWriteRemovesItsTemporaryFileAndNamesTheCause() throws IOException {
    Path file = folder.resolve("out.png");
    Files.writeString(file, "old");

    // As ImageIO reports a full disk: its own text names no cause, the system's error is inside.
    OutputException failed = assertThrows(OutputException.class, () -> AtomicFiles.write(file, out -> {
      out.write(new byte[100]);
      throw new IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
    }));

    assertFalse(failed.refused());
    assertEquals("cannot write " + file + ": no space left on device", failed.getMessage());
    assertEquals("old", Files.readString(file));
    assertEquals(List.of(file), SpecialFiles.list(folder));
  }

  @Test
  void aFolderInTheWayIsNamed() throws IOException {
    Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");

    OutputException failed = assertThrows(OutputException.class,
        () -> AtomicFiles.write(notAFolder.resolve("out.png"), text("x")));

    assertTrue(failed.getMessage().endsWith(": not a directory") || failed.getMessage().endsWith("is not a folder"),
        failed.getMessage());
    assertEquals(List.of(notAFolder), SpecialFiles.list(folder));
  }

  @Test
  void aRefusedSecondFileLeavesTheFirstUntouched() throws IOException {
    Path first = Files.writeString(folder.resolve("heat.png"), "old");
    Path second = Files.createDirectory(folder.resolve("normalized.npy"));

    try (AtomicFiles files = new AtomicFiles()) {
      files.add(first, text("new"));
      assertThrows(OutputException.class, () -> files.add(second, text("x")));
    }

    assertEquals("old", Files.readString(first));
    assertEquals(List.of(first, second), SpecialFiles.list(folder));
  }

  @Test
  void aFailedMoveRestoresTheFilesMovedBefore() throws IOException {
    Path replaced = Files.writeString(folder.resolve("a.png"), "old a");
    Path created = folder.resolve("b.json");
    Path failing = Files.writeString(folder.resolve("c.npy"), "old c");
    AtomicFiles.Mover fullDisk = (temporary, target) -> {
      if (target.equals(failing)) {
        throw new FileSystemException(target.toString(), null, "No space left on device");
      }
      Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    };

    OutputException failed;
    try (AtomicFiles files = new AtomicFiles(fullDisk)) {
      files.add(replaced, text("new a"));
      files.add(created, text("new b"));
      files.add(failing, text("new c"));
      failed = assertThrows(OutputException.class, files::commit);
    }

    assertEquals("cannot write " + failing + ": no space left on device", failed.getMessage());
    assertEquals("old a", Files.readString(replaced));
    assertFalse(Files.exists(created));
    assertEquals("old c", Files.readString(failing));
    assertEquals(List.of(replaced, failing), SpecialFiles.list(folder));
  }

  @Test
  void commitsSeveralFilesTogether() throws IOException {
    Path a = Files.writeString(folder.resolve("a.png"), "old");
    Path b = folder.resolve("a.png.json");

    try (AtomicFiles files = new AtomicFiles()) {
      files.add(a, text("image"));
      try (OutputStream out = files.open(b)) {
        out.write("{}".getBytes(UTF_8));
      }
      files.commit();
    }

    assertEquals("image", Files.readString(a));
    assertEquals("{}", Files.readString(b));
    assertEquals(List.of(a, b), SpecialFiles.list(folder));
  }

  @Test
  void closingWithoutCommitLeavesNothing() throws IOException {
    try (AtomicFiles files = new AtomicFiles()) {
      files.add(folder.resolve("a.png"), text("image"));
    }
    assertEquals(List.of(), SpecialFiles.list(folder));
  }

  @Test
  void theSameFileTwiceIsRefused() throws IOException {
    Path file = Files.writeString(folder.resolve("a.npy"), "old");
    Path otherSpelling = folder.resolve("sub/../a.npy");
    Files.createDirectory(folder.resolve("sub"));

    try (AtomicFiles files = new AtomicFiles()) {
      files.add(file, text("x"));
      OutputException refused = assertThrows(OutputException.class, () -> files.add(otherSpelling, text("y")));
      assertEquals("is given twice as an output", refused.reason());
    }
    assertEquals("old", Files.readString(file));
  }

  @Test
  void sameFileSeesThroughSpellingsAndLinks() throws IOException {
    Path file = Files.writeString(folder.resolve("image.png"), "x");
    Path viaLinkedFolder = Files.createSymbolicLink(folder.resolve("linked"), folder).resolve("image.png");

    assertTrue(AtomicFiles.sameFile(file, folder.resolve("./image.png")));
    assertTrue(AtomicFiles.sameFile(file, viaLinkedFolder));
    assertFalse(AtomicFiles.sameFile(file, folder.resolve("other.png")));
  }

  @Test
  void reasonsAreTheSystemsWords() {
    assertEquals("permission denied", IoErrors.reason(new AccessDeniedException("/x")));
    assertEquals("is a directory", IoErrors.reason(new FileSystemException("/x", null, "Is a directory")));
    assertEquals("no space left on device",
        IoErrors.reason(new IIOException("Caught exception during read: ", new IOException("No space left on device"))));
    assertEquals("I/O error", IoErrors.reason(new IOException("I/O error")));
  }

  private static AtomicFiles.Content text(String text) {
    return out -> out.write(text.getBytes(UTF_8));
  }
}

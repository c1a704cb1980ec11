package com.comprehendo.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident memory, native allocations (libtorch) included, read from Linux's
 * {@code /proc/self/status}. The peak can be reset, so a measurement covers one piece of work.
 * Elsewhere every reading is empty.
 */
public final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Resident memory now. */
  public static OptionalLong residentBytes() {
    return field("VmRSS:");
  }

  /** The highest resident memory since start or since the last {@link #resetPeak()}. */
  public static OptionalLong peakResidentBytes() {
    return field("VmHWM:");
  }

  /** Restarts the peak from the current resident memory; returns false where the kernel refuses. */
  public static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}

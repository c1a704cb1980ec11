package com.comprehendo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

class DjlSettingsTest {

  /** The C library's view of the environment, which the OpenMP runtime reads (Java's is a snapshot). */
  private interface StandardC extends Library {
    StandardC INSTANCE = Native.load("c", StandardC.class);

    String getenv(String name);
  }

  @Test
  void openMpThreadsAreToldToSleepWhenTheUserSaidNothing() {
    assumeTrue(!Platform.isWindows(), "setenv is POSIX");
    assumeTrue(System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null,
        "the user's own setting wins; nothing to check here");
    DjlSettings.passiveOpenMpWaits();
    assertEquals("PASSIVE", StandardC.INSTANCE.getenv("OMP_WAIT_POLICY"));
  }

  @Test
  void glibcKeepsFreedMemoryWhenTheUserSaidNothing() {
    assumeTrue(Platform.isLinux(), "mallopt is glibc's");
    assumeTrue(System.getenv("GLIBC_TUNABLES") == null
        && System.getenv().keySet().stream().noneMatch(name -> name.startsWith("MALLOC_") && name.endsWith("_")),
        "the user's own tuning wins; nothing to check here");
    assertTrue(DjlSettings.keepFreedMemory(), "glibc accepted the three mallopt settings");
  }
}

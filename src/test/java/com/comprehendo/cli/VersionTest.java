package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.platform.BuildInfo;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void versionComesFromTheBuild() {
    Run run = AttributeCommandTest.run("--version");

    assertEquals(0, run.exitCode());
    assertEquals("Comprehendo " + BuildInfo.version(), run.out().strip());
    assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.version());
  }
}

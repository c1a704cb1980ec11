package com.comprehendo.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of Comprehendo is: its version, written into a resource by the build (Maven's
 * resource filtering of {@code build.properties}), so the version has one source, the POM.
 *
 * <pre>{@code
 * String version = BuildInfo.version(); // e.g. "0.1.0-SNAPSHOT"
 * }</pre>
 */
public final class BuildInfo {

  private static final String VERSION = readVersion();

  private BuildInfo() {}

  /** The project version, or "unknown" when run from classes the build did not make. */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "").trim();
        if (!version.isEmpty() && !version.startsWith("${")) {
          return version;
        }
      }
    } catch (IOException e) {
      // fall through to the manifest
    }
    String manifest = BuildInfo.class.getPackage().getImplementationVersion();
    return manifest == null ? "unknown" : manifest;
  }
}

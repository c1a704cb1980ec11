package com.comprehendo.platform;

/**
 * The engine settings every entry point applies before any DJL class is touched: DJL must never try to
 * reach the network (the natives come with the application, and without these it still asks a cloud
 * metadata address at start-up), and libtorch's graph optimizer stays off (about 10% faster gradient
 * passes on ResNet-34 here). Values already given as system properties win.
 */
public final class DjlSettings {

  private DjlSettings() {}

  /** Sets the offline, no-tracking and graph-optimizer properties unless already set. */
  public static void configureOffline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}

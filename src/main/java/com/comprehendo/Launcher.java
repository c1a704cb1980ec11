package com.comprehendo;

import com.comprehendo.cli.ComprehendoCommand;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.platform.DjlSettings;
import com.comprehendo.ui.ComprehendoApp;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of {@code comprehendo.jar}: with no arguments (or only existing files, such as a model and
 * a folder) it opens the explorer, otherwise it runs a headless subcommand; anything else, such as a
 * misspelt subcommand, is a command-line error (exit 2, with picocli's "did you mean"). It deliberately does not extend JavaFX's
 * {@code Application}, so {@code java -jar} works with JavaFX on the class path.
 *
 * <p>The installed app (jpackage, see {@code installer/README.md}) starts with
 * {@code -Dcomprehendo.packaged=true}: it then keeps everything it writes in the user's cache and
 * settings folders instead of the dot-folders the libraries pick by default ({@code ~/.djl.ai},
 * {@code ~/.openjfx}, {@code ~/.java}).
 */
public final class Launcher {

  /** System property set by the packaged app's launcher ({@code --java-options}). */
  static final String PACKAGED = "comprehendo.packaged";

  private Launcher() {}

  public static void main(String[] args) {
    if (Boolean.getBoolean(PACKAGED)) {
      configurePackagedDirectories();
    }
    DjlSettings.configureOffline();
    // The fastest batch size of a model on this machine, found once, saves the next run its search.
    BatchSizer.persistIn(cacheDirectory().resolve("batch-sizes.properties"));
    if (opensExplorer(args)) {
      ComprehendoApp.launchApp(args);
      System.exit(0);
    }
    System.exit(ComprehendoCommand.run(args));
  }

  /**
   * Whether {@code args} ask for the explorer: none at all, or only paths of existing files and
   * folders (a model, an image folder). A subcommand, an option or a word that is neither goes to the
   * command line, which runs it or explains what is wrong.
   */
  static boolean opensExplorer(String[] args) {
    if (args.length == 0) {
      return true;
    }
    if (args[0].startsWith("-") || ComprehendoCommand.isSubcommand(args[0])) {
      return false;
    }
    return Arrays.stream(args).allMatch(Launcher::isExistingPath);
  }

  private static boolean isExistingPath(String arg) {
    try {
      return !arg.isBlank() && Files.exists(Path.of(arg));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Points DJL's native-library cache (about 450 MB once unpacked), JavaFX's and JNA's unpacked natives
   * and {@code java.util.prefs} at the user's cache and settings folders. A value already given as a
   * system property, or as DJL's environment variable {@code DJL_CACHE_DIR} (which DJL reads before the
   * property; {@code ENGINE_CACHE_DIR} still overrides both for the engine), wins.
   */
  static void configurePackagedDirectories() {
    Path cache = cacheDirectory();
    // DJL puts models and, unless ENGINE_CACHE_DIR says otherwise, the unpacked engine under this.
    setIfAbsent("DJL_CACHE_DIR", cache.resolve("djl").toString());
    setIfAbsent("javafx.cachedir", cache.resolve("openjfx").toString());
    setIfAbsent("jna.tmpdir", cache.resolve("jna").toString());
    setIfAbsent("comprehendo.map.cache", cache.resolve("maps").toString());
    if (isLinux()) {
      // FileSystemPreferences keeps the user tree under <userRoot>/.java/.userPrefs.
      setIfAbsent("java.util.prefs.userRoot", configDirectory().toString());
    }
  }

  /** {@code $XDG_CACHE_HOME/comprehendo} (default {@code ~/.cache/comprehendo}) and the macOS/Windows equivalents. */
  static Path cacheDirectory() {
    Path home = home();
    if (isMac()) {
      return home.resolve("Library").resolve("Caches").resolve("Comprehendo");
    }
    if (isWindows()) {
      return windowsLocalAppData(home).resolve("Comprehendo").resolve("cache");
    }
    return xdgDirectory("XDG_CACHE_HOME", home.resolve(".cache")).resolve("comprehendo");
  }

  /** {@code $XDG_CONFIG_HOME/comprehendo} (default {@code ~/.config/comprehendo}). */
  static Path configDirectory() {
    Path home = home();
    return xdgDirectory("XDG_CONFIG_HOME", home.resolve(".config")).resolve("comprehendo");
  }

  /**
   * {@code $HOME} as the XDG spec reads it (Java's {@code user.home} comes from the password database
   * and ignores it), else {@code user.home}.
   */
  private static Path home() {
    String value = isWindows() ? null : System.getenv("HOME");
    if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
      return Path.of(value);
    }
    return Path.of(System.getProperty("user.home"));
  }

  private static Path xdgDirectory(String variable, Path fallback) {
    String value = System.getenv(variable);
    // The XDG spec: a relative path is invalid and must be ignored.
    if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
      return Path.of(value);
    }
    return fallback;
  }

  private static Path windowsLocalAppData(Path home) {
    String value = System.getenv("LOCALAPPDATA");
    return value != null && !value.isBlank() ? Path.of(value) : home.resolve("AppData").resolve("Local");
  }

  private static boolean isLinux() {
    return osName().startsWith("linux");
  }

  private static boolean isMac() {
    return osName().startsWith("mac");
  }

  private static boolean isWindows() {
    return osName().startsWith("windows");
  }

  private static String osName() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
  }

  private static void setIfAbsent(String key, String value) {
    boolean djlVariable = key.equals("DJL_CACHE_DIR");
    if (System.getProperty(key) == null && !(djlVariable && System.getenv(key) != null)) {
      System.setProperty(key, value);
    }
  }
}

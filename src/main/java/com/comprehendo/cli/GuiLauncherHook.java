package com.comprehendo.cli;

import java.lang.reflect.Method;

/**
 * Starts the explorer without the command line depending on JavaFX at compile time: the {@code ui}
 * layer sits above {@code cli}, so it is reached by name.
 */
final class GuiLauncherHook {

  static final String APP_CLASS = "com.comprehendo.ui.ComprehendoApp";

  private GuiLauncherHook() {}

  static int launch(String[] args) {
    try {
      Class<?> app = Class.forName(APP_CLASS);
      Method main = app.getMethod("launchApp", String[].class);
      main.invoke(null, (Object) args);
      return 0;
    } catch (ReflectiveOperationException | LinkageError e) {
      System.err.println("comprehendo: cannot start the explorer (" + e + "). Use a subcommand, e.g. --help.");
      return ComprehendoCommand.EXIT_FAILURE;
    }
  }
}

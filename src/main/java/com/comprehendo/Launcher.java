package com.comprehendo;

import com.comprehendo.cli.ComprehendoCommand;

/**
 * Entry point of {@code comprehendo.jar}: with no arguments (or only a model and a folder) it opens the
 * explorer, otherwise it runs a headless subcommand. It deliberately does not extend JavaFX's
 * {@code Application}, so {@code java -jar} works with JavaFX on the class path.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) {
    ComprehendoCommand.configureOfflineDjl();
    System.exit(ComprehendoCommand.run(args));
  }
}

package com.comprehendo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.ComprehendoCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher's choice between the explorer and the command line. */
class LauncherTest {

  @Test
  void noArgumentsOrExistingPathsOpenTheExplorer(@TempDir Path folder) throws Exception {
    Path model = Files.createFile(folder.resolve("model.pt"));
    assertTrue(Launcher.opensExplorer(new String[0]));
    assertTrue(Launcher.opensExplorer(new String[] {model.toString(), folder.toString()}));
  }

  @Test
  void subcommandsOptionsAndUnknownWordsGoToTheCommandLine(@TempDir Path folder) {
    assertFalse(Launcher.opensExplorer(new String[] {"attribute", "--help"}));
    assertFalse(Launcher.opensExplorer(new String[] {"--version"}));
    assertFalse(Launcher.opensExplorer(new String[] {"atribute", "--model", "m.pt"}));
    assertFalse(Launcher.opensExplorer(new String[] {folder.resolve("missing.pt").toString()}));
  }

  @Test
  void aMisspeltSubcommandExitsTwoWithASuggestion() {
    StringWriter err = new StringWriter();
    CommandLine line = ComprehendoCommand.commandLine();
    line.setErr(new PrintWriter(err));
    int code = line.execute("atribute", "--model", "m.pt");
    assertEquals(2, code);
    String text = err.toString();
    assertTrue(text.contains("Did you mean: attribute"), text);
    assertTrue(text.lines().count() <= 3, text);
  }
}

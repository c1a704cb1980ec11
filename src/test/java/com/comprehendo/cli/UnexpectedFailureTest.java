package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line's last resort: whatever escapes a command ends in one line and exit 1, never a trace. */
class UnexpectedFailureTest {

  @Test
  void aRuntimeFailureIsOneLineWithItsCause() {
    StringWriter text = new StringWriter();
    RuntimeException failure = new RuntimeException(new IllegalStateException("[enforce fail at alloc_cpu.cpp:119] data.\\nmore"));

    int exit = ComprehendoCommand.reportUnexpected("comprehendo attribute", failure, new PrintWriter(text));

    assertEquals(ComprehendoCommand.EXIT_FAILURE, exit);
    String printed = text.toString();
    assertEquals(1, printed.lines().count(), printed);
    assertTrue(printed.startsWith("comprehendo attribute: unexpected failure: "), printed);
    assertFalse(printed.contains("\tat "), printed);
  }

  @Test
  void outOfMemoryNamesTheWayOut() {
    String message = ComprehendoCommand.describeUnexpected(new OutOfMemoryError("Java heap space"));
    assertTrue(message.contains("out of memory (Java heap space)"), message);
    assertTrue(message.contains("--memory-budget"), message);
  }

  @Test
  void aFailureWithoutMessageIsNamedByItsType() {
    String message = ComprehendoCommand.describeUnexpected(new NegativeArraySizeException());
    assertTrue(message.contains("NegativeArraySizeException"), message);
  }

  @Test
  void theFirstLineOfAMultiLineMessageIsKept() {
    String message = ComprehendoCommand.describeUnexpected(new IllegalStateException("first line\nsecond line"));
    assertTrue(message.contains("first line") && !message.contains("second line"), message);
  }
}

package com.comprehendo.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * libtorch's switch for oneDNN ({@code torch.backends.mkldnn.enabled} in Python,
 * {@code at::globalContext().setUserEnabledMkldnn}), which DJL does not expose: called through JNA on the
 * loaded {@code libtorch_cpu}. With it off, convolutions run libtorch's own kernels instead of oneDNN's.
 * Linux only (the library is found in {@code /proc/self/maps}); elsewhere nothing changes.
 */
final class OneDnnSwitch {

  private static final String CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";

  private OneDnnSwitch() {}

  /**
   * Turns oneDNN on or off for the whole process.
   *
   * @return whether the switch was set (false where libtorch_cpu or its symbols cannot be found)
   */
  static synchronized boolean set(boolean enabled) {
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      Optional<String> library = loadedLibrary();
      if (library.isEmpty()) {
        return false;
      }
      NativeLibrary torch = NativeLibrary.getInstance(library.get());
      Pointer context = (Pointer) torch.getFunction(CONTEXT).invoke(Pointer.class, new Object[0]);
      Function setEnabled = torch.getFunction(SET_ENABLED);
      setEnabled.invokeVoid(new Object[] {context, enabled});
      return true;
    } catch (UnsatisfiedLinkError | IOException | RuntimeException e) {
      return false;
    }
  }

  /** The path of the libtorch_cpu this process has loaded. */
  private static Optional<String> loadedLibrary() throws IOException {
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8)) {
      return maps.map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(path -> path.endsWith("/libtorch_cpu.so")).findFirst();
    }
  }
}

package com.comprehendo.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The engine settings every entry point applies before any DJL class is touched: DJL must never try to
 * reach the network (the natives come with the application, and without these it still asks a cloud
 * metadata address at start-up), libtorch's graph optimizer stays off (about 10% faster gradient
 * passes on ResNet-34 here), and libtorch's OpenMP threads sleep when they wait instead of spinning
 * ({@link #passiveOpenMpWaits}), and glibc keeps the memory of freed tensors for the next pass
 * ({@link #keepFreedMemory}). Values already given as system properties or environment variables win.
 */
public final class DjlSettings {

  private DjlSettings() {}

  /** Sets the offline, no-tracking and graph-optimizer properties unless already set. */
  public static void configureOffline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    passiveOpenMpWaits();
    keepFreedMemory();
  }

  /** glibc's {@code mallopt(3)} parameters. */
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;

  /** Blocks up to this size come from the heap, not each from its own mapping: glibc's maximum. */
  private static final int MMAP_THRESHOLD_BYTES = 32 << 20;
  /** Freed heap memory goes back to the system only beyond this. */
  private static final int TRIM_THRESHOLD_BYTES = 1 << 30;
  /** The heap grows by this much more than asked, so a pass does not grow it step by step. */
  private static final int TOP_PAD_BYTES = 256 << 20;

  /**
   * Keeps the memory libtorch frees between model passes in the process, through glibc's {@code
   * mallopt(3)}: blocks up to 32 MiB come from the heap instead of each from a mapping of its own, and
   * freed heap memory is handed back to the system only beyond 1 GiB (the most a process keeps is what
   * it once used: the memory budget bounds that). With glibc's defaults passes fault their activations
   * in again and again: on 2 cores a bench of the demo model took 140–465 thousand page faults against
   * 94–102 thousand, and two runs of three broke down to a third of the speed midway, none with these
   * settings (docs/benchmarks.md, "glibc's malloc"). Skipped where the user tuned glibc's malloc
   * ({@code MALLOC_*_} variables, {@code GLIBC_TUNABLES}: one of those alone switches glibc's adaptive
   * threshold off) and off glibc.
   *
   * @return whether the three settings were made here
   */
  static boolean keepFreedMemory() {
    if (!Platform.isLinux() || userTunedMalloc()) {
      return false;
    }
    try {
      StandardC malloc = StandardC.INSTANCE;
      boolean made = malloc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1;
      made &= malloc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1;
      made &= malloc.mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1;
      return made;
    } catch (LinkageError e) {
      return false; // no mallopt (another C library): its defaults stay
    }
  }

  private static boolean userTunedMalloc() {
    if (System.getenv("GLIBC_TUNABLES") != null) {
      return true;
    }
    for (String name : System.getenv().keySet()) {
      if (name.startsWith("MALLOC_") && name.endsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sets {@code OMP_WAIT_POLICY=PASSIVE} in this process's environment, before libtorch (and the GNU
   * OpenMP runtime it brings, which reads the variable once, when it is loaded) is loaded, unless the
   * user set it or {@code GOMP_SPINCOUNT}. By default an OpenMP thread that reaches the end of a parallel
   * region spins for a while waiting for the others; when other programs keep the cores busy, the
   * spinning thread takes the core from the very thread it waits for. On this 2-core machine under a
   * load of about 7, {@code explain --method saliency} on the demo took 41.4 s with the default and
   * 5.6 s with PASSIVE, one run after the other (docs/benchmarks.md, "OpenMP waits").
   *
   * @return whether the variable was set here
   */
  static boolean passiveOpenMpWaits() {
    if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null
        || Platform.isWindows()) {
      return false;
    }
    try {
      return StandardC.INSTANCE.setenv("OMP_WAIT_POLICY", "PASSIVE", 0) == 0;
    } catch (LinkageError e) {
      return false; // no C library to call: libtorch spins, as it does without us
    }
  }

  /**
   * Restricts oneDNN (libtorch's CPU convolution library) to its SSE4.1 kernels, unless the user set
   * {@code ONEDNN_MAX_CPU_ISA}. libtorch 2.7.1's oneDNN returns wrong input gradients on AVX-512 (and
   * AVX2) CPUs for convolutions whose channel counts are not multiples of the kernels' block (16 or 8):
   * 15–135 % relative L2 error on IG against Captum for models with 5, 6, 12, 20, 24 or 40 channels,
   * right with SSE4.1 (docs/benchmarks.md, "oneDNN"). oneDNN reads the variable once, when it first
   * creates a kernel: this must run before the first convolution of the process.
   *
   * @return whether the variable was set here (false: the user's setting, or no C library)
   */
  public static boolean safeConvolutionKernels() {
    if (System.getenv("ONEDNN_MAX_CPU_ISA") != null || System.getenv("DNNL_MAX_CPU_ISA") != null
        || Platform.isWindows()) {
      return false;
    }
    try {
      return StandardC.INSTANCE.setenv("ONEDNN_MAX_CPU_ISA", "SSE41", 1) == 0;
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * The C library: {@code setenv(3)} (Java's own environment is read-only) and glibc's {@code
   * mallopt(3)}, which returns 1 when the parameter was set. A function is looked up when first called,
   * so a C library without {@code mallopt} still serves {@code setenv}.
   */
  private interface StandardC extends Library {
    StandardC INSTANCE = Native.load("c", StandardC.class);

    int setenv(String name, String value, int overwrite);

    int mallopt(int parameter, int value);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}

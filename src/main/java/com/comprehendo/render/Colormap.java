package com.comprehendo.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A 256-entry RGBA lookup table that maps a value in {@code [vmin, vmax]} to a colour exactly the
 * way matplotlib's {@code Normalize} + {@code Colormap.__call__} do for Captum's
 * {@code visualize_image_attr}.
 *
 * <p>Built-in tables ({@link #named(String)}): Captum's defaults {@code Greens}, {@code Reds},
 * {@code Blues} and {@code RdWhGn} (see {@link #defaultFor(Sign)}), {@code viridis},
 * {@code custom_blue} (the white-to-black map of the fastai/Captum example notebook), {@code gray}
 * (used under blended heat maps) and {@code Greys}. The segmented ones are computed with
 * matplotlib's own interpolation ({@code _create_lookup_table}), in the same double arithmetic, so
 * the 8-bit colours agree with matplotlib's bit for bit.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Colormap {

  /** The number of entries, matplotlib's default {@code N} (rcParams {@code image.lut}). */
  public static final int SIZE = 256;

  /** The ARGB value of matplotlib's "bad" colour for NaN: fully transparent. */
  public static final int BAD_ARGB = 0x00000000;

  private static final Map<String, Supplier<Colormap>> BUILT_INS = builtIns();
  private static final Map<String, Colormap> CACHE = new ConcurrentHashMap<>();

  private final String name;
  private final double[] rgba;
  private final int[] argb;

  private Colormap(String name, double[] rgba) {
    this.name = name;
    this.rgba = rgba;
    this.argb = new int[SIZE];
    for (int i = 0; i < SIZE; i++) {
      argb[i] =
          toByte(rgba[4 * i + 3]) << 24
              | toByte(rgba[4 * i]) << 16
              | toByte(rgba[4 * i + 1]) << 8
              | toByte(rgba[4 * i + 2]);
    }
  }

  /**
   * The built-in colormap called {@code name}: matplotlib's spelling first ({@code Blues}), else a
   * unique case-insensitive match ({@code blues}).
   *
   * @throws IllegalArgumentException naming the available colormaps when there is none
   */
  public static Colormap named(String name) {
    String key = resolveName(name);
    return CACHE.computeIfAbsent(key, k -> BUILT_INS.get(k).get());
  }

  /** The names {@link #named(String)} accepts, in a stable order. */
  public static List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(BUILT_INS.keySet()));
  }

  /**
   * Captum's default colormap for a sign ({@code _initialize_cmap_and_vmin_vmax}): red–white–green
   * for {@code all}, Greens for positive, Reds for negative and Blues for absolute value.
   */
  public static Colormap defaultFor(Sign sign) {
    switch (sign) {
      case ALL:
        return named("RdWhGn");
      case POSITIVE:
        return named("Greens");
      case NEGATIVE:
        return named("Reds");
      case ABSOLUTE_VALUE:
        return named("Blues");
      default:
        throw new AssertionError(sign);
    }
  }

  /**
   * matplotlib's {@code LinearSegmentedColormap.from_list(name, colors, N=256)}: colours placed at
   * {@code positions} (increasing, from 0 to 1) and interpolated linearly in between.
   *
   * @param positions where each colour sits; {@code null} spaces them evenly as
   *     {@code np.linspace(0, 1, n)} does
   * @param colors one {@code {r, g, b}} or {@code {r, g, b, a}} per position, components in 0..1
   */
  public static Colormap fromList(String name, double[] positions, double[]... colors) {
    int n = colors.length;
    if (n < 2) {
      throw new IllegalArgumentException("a colormap needs at least two colours");
    }
    double[] x = positions != null ? positions.clone() : linspace(n);
    if (x.length != n) {
      throw new IllegalArgumentException(n + " colours but " + x.length + " positions");
    }
    double[][][] segments = new double[4][n][];
    for (int i = 0; i < n; i++) {
      double[] c = colors[i];
      if (c.length != 3 && c.length != 4) {
        throw new IllegalArgumentException("colour " + i + " needs 3 or 4 components");
      }
      for (int channel = 0; channel < 4; channel++) {
        double value = channel < c.length ? c[channel] : 1.0;
        segments[channel][i] = new double[] {x[i], value, value};
      }
    }
    return fromSegments(name, segments[0], segments[1], segments[2], segments[3]);
  }

  /**
   * matplotlib's {@code LinearSegmentedColormap(name, segmentdata, N=256)}: each channel is a list
   * of {@code {x, y0, y1}} rows with x rising from 0 to 1; between rows i and i+1 the channel goes
   * linearly from {@code y1[i]} to {@code y0[i+1]}.
   *
   * @param alpha the alpha rows, or {@code null} for opaque
   */
  public static Colormap fromSegments(
      String name, double[][] red, double[][] green, double[][] blue, double[][] alpha) {
    double[] rgba = new double[4 * SIZE];
    Arrays.fill(rgba, 1.0);
    double[][][] channels = {red, green, blue, alpha};
    for (int channel = 0; channel < 4; channel++) {
      if (channels[channel] == null) {
        continue;
      }
      double[] lut = lookupTable(channels[channel]);
      for (int i = 0; i < SIZE; i++) {
        rgba[4 * i + channel] = lut[i];
      }
    }
    return new Colormap(name, rgba);
  }

  /**
   * A {@code ListedColormap} of exactly {@link #SIZE} colours, {@code {r, g, b}} or
   * {@code {r, g, b, a}} in 0..1.
   */
  public static Colormap listed(String name, double[][] colors) {
    if (colors.length != SIZE) {
      throw new IllegalArgumentException("a listed colormap needs " + SIZE + " colours");
    }
    double[] rgba = new double[4 * SIZE];
    for (int i = 0; i < SIZE; i++) {
      for (int channel = 0; channel < 4; channel++) {
        rgba[4 * i + channel] = channel < colors[i].length ? colors[i][channel] : 1.0;
      }
    }
    return new Colormap(name, rgba);
  }

  /** The name, e.g. {@code Blues}. */
  public String name() {
    return name;
  }

  /** Entry {@code index} as {@code {r, g, b, a}} floats in 0..1, a fresh array. */
  public double[] rgba(int index) {
    return Arrays.copyOfRange(rgba, 4 * index, 4 * index + 4);
  }

  /**
   * Entry {@code index} as 8-bit ARGB, converted like matplotlib's {@code bytes=True}:
   * {@code (lut * 255).astype(uint8)}, which truncates (quirk: so 0.99999 becomes 254, and the
   * {@code gray} map is not exactly the identity on bytes).
   */
  public int argb(int index) {
    return argb[index];
  }

  /**
   * Maps {@code value} to an entry index like matplotlib: {@code x = (value - vmin) / (vmax -
   * vmin)} (in float32, as {@code Normalize} computes on float32 data; {@code x = 0} when {@code
   * vmin == vmax}), then {@code floor(x * 256)}, with {@code x == 1} going to 255 and values out of
   * range clamped to the end entries (matplotlib's default under/over colours).
   *
   * @return the index 0..255, or -1 for NaN (matplotlib's transparent "bad" colour)
   */
  public static int index(float value, float vmin, float vmax) {
    if (Float.isNaN(value)) {
      return -1;
    }
    float x = vmin == vmax ? 0f : (value - vmin) / (vmax - vmin);
    if (Float.isNaN(x)) {
      return -1;
    }
    x *= SIZE;
    if (x < 0f) {
      return 0;
    }
    if (x >= SIZE) {
      return SIZE - 1;
    }
    return (int) x;
  }

  /**
   * The 8-bit ARGB colour of {@code value} on the range {@code vmin..vmax}: {@link #argb(int)} of
   * {@link #index(float, float, float)}, or {@link #BAD_ARGB} for NaN.
   */
  public int map(float value, float vmin, float vmax) {
    int i = index(value, vmin, vmax);
    return i < 0 ? BAD_ARGB : argb[i];
  }

  @Override
  public String toString() {
    return "Colormap[" + name + "]";
  }

  private static int toByte(double component) {
    // Quirk: matplotlib truncates (astype(uint8)) instead of rounding.
    return (int) (component * 255) & 0xFF;
  }

  private static String resolveName(String name) {
    if (name != null) {
      if (BUILT_INS.containsKey(name)) {
        return name;
      }
      String match = null;
      for (String candidate : BUILT_INS.keySet()) {
        if (candidate.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
          if (match != null) {
            match = null;
            break;
          }
          match = candidate;
        }
      }
      if (match != null) {
        return match;
      }
    }
    throw new IllegalArgumentException(
        "unknown colormap '" + name + "'; allowed: " + String.join(", ", BUILT_INS.keySet()));
  }

  /** {@code np.linspace(0, 1, n)}: {@code i * (1 / (n - 1))}, the last one exactly 1. */
  private static double[] linspace(int n) {
    double step = 1.0 / (n - 1);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i * step;
    }
    values[n - 1] = 1.0;
    return values;
  }

  /**
   * matplotlib's {@code _create_lookup_table(N, data, gamma=1)}, operation for operation so the
   * doubles (and so the truncated bytes) come out identical.
   */
  private static double[] lookupTable(double[][] rows) {
    int m = rows.length;
    if (m < 2 || rows[0][0] != 0.0 || rows[m - 1][0] != 1.0) {
      throw new IllegalArgumentException("segment x values must start at 0 and end at 1");
    }
    double[] x = new double[m];
    for (int j = 0; j < m; j++) {
      if (rows[j].length != 3) {
        throw new IllegalArgumentException("segment rows are {x, y0, y1}");
      }
      if (j > 0 && rows[j][0] < rows[j - 1][0]) {
        throw new IllegalArgumentException("segment x values must increase");
      }
      x[j] = rows[j][0] * (SIZE - 1);
    }
    double[] xind = linspace(SIZE);
    double[] lut = new double[SIZE];
    lut[0] = rows[0][2];
    lut[SIZE - 1] = rows[m - 1][1];
    for (int i = 1; i < SIZE - 1; i++) {
      double xi = (SIZE - 1) * xind[i];
      // np.searchsorted(x, xi, side="left"): the first j with x[j] >= xi.
      int ind = 0;
      while (ind < m && x[ind] < xi) {
        ind++;
      }
      double distance = (xi - x[ind - 1]) / (x[ind] - x[ind - 1]);
      lut[i] = distance * (rows[ind][1] - rows[ind - 1][2]) + rows[ind - 1][2];
    }
    for (int i = 0; i < SIZE; i++) {
      lut[i] = Math.min(1.0, Math.max(0.0, lut[i]));
    }
    return lut;
  }

  private static Colormap brewer(String name, int[][] colors255) {
    double[][] colors = new double[colors255.length][];
    for (int i = 0; i < colors255.length; i++) {
      // matplotlib's _cm.py stores Brewer's bytes divided by 255; k / 255.0 is the same double.
      colors[i] =
          new double[] {colors255[i][0] / 255.0, colors255[i][1] / 255.0, colors255[i][2] / 255.0};
    }
    return fromList(name, null, colors);
  }

  private static Map<String, Supplier<Colormap>> builtIns() {
    Map<String, Supplier<Colormap>> maps = new LinkedHashMap<>();
    // ColorBrewer sequential maps (matplotlib _cm.py _Blues_data etc.), from_list over 9 colours.
    maps.put(
        "Blues",
        () ->
            brewer(
                "Blues",
                new int[][] {
                  {247, 251, 255}, {222, 235, 247}, {198, 219, 239}, {158, 202, 225},
                  {107, 174, 214}, {66, 146, 198}, {33, 113, 181}, {8, 81, 156}, {8, 48, 107}
                }));
    maps.put(
        "Greens",
        () ->
            brewer(
                "Greens",
                new int[][] {
                  {247, 252, 245}, {229, 245, 224}, {199, 233, 192}, {161, 217, 155},
                  {116, 196, 118}, {65, 171, 93}, {35, 139, 69}, {0, 109, 44}, {0, 68, 27}
                }));
    maps.put(
        "Reds",
        () ->
            brewer(
                "Reds",
                new int[][] {
                  {255, 245, 240}, {254, 224, 210}, {252, 187, 161}, {252, 146, 114},
                  {251, 106, 74}, {239, 59, 44}, {203, 24, 29}, {165, 15, 21}, {103, 0, 13}
                }));
    // Captum: LinearSegmentedColormap.from_list("RdWhGn", ["red", "white", "green"]); matplotlib's
    // "green" is CSS #008000, so the green end is (0, 128/255, 0), not (0, 1, 0).
    maps.put(
        "RdWhGn",
        () ->
            fromList(
                "RdWhGn",
                null,
                new double[] {1, 0, 0},
                new double[] {1, 1, 1},
                new double[] {0, 128 / 255.0, 0}));
    maps.put("viridis", () -> listed("viridis", ViridisData.RGB));
    // The fastai/Captum notebook's LinearSegmentedColormap.from_list('custom blue',
    // [(0, '#ffffff'), (0.25, '#000000'), (1, '#000000')], N=256).
    maps.put(
        "custom_blue",
        () ->
            fromList(
                "custom_blue",
                new double[] {0, 0.25, 1},
                new double[] {1, 1, 1},
                new double[] {0, 0, 0},
                new double[] {0, 0, 0}));
    // matplotlib _cm.py _gray_data: one straight segment per channel.
    maps.put(
        "gray",
        () -> {
          double[][] ramp = {{0, 0, 0}, {1, 1, 1}};
          return fromSegments("gray", ramp, ramp, ramp, null);
        });
    maps.put(
        "Greys",
        () ->
            brewer(
                "Greys",
                new int[][] {
                  {255, 255, 255}, {240, 240, 240}, {217, 217, 217}, {189, 189, 189},
                  {150, 150, 150}, {115, 115, 115}, {82, 82, 82}, {37, 37, 37}, {0, 0, 0}
                }));
    return Collections.unmodifiableMap(maps);
  }
}

package com.comprehendo.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times what a dataset prediction's decode thread does per image: {@code
 * ImageDecoder.decodeForTensors} then {@code ImageTensors.toChw} (224 × 224 squish, ImageNet
 * statistics), on one thread, after warm-up.
 * A plain {@code main}, not a test: JUnit is no place for timings, and JMH is not at hand offline.
 *
 * <p>Reports the median over rounds of the thread's CPU time per image (what the decode thread takes
 * away from libtorch's threads) and of the wall time, split into decode and prepare.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) com.comprehendo.data.DecodeBench \
 *     target/bench/images [rounds] [warm-up rounds]
 * </pre>
 */
public final class DecodeBench {

  private DecodeBench() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "target/bench/images");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int warmUpRounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".jpg")).sorted().collect(Collectors.toList());
    }
    ImageDecoder decoder = ImageDecoder.createDefault();
    Preprocessing pre = Preprocessing.imagenetDefault();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] perRound = new double[4][rounds];
    double checksum = 0;
    for (int round = -warmUpRounds; round < rounds; round++) {
      long decodeCpu = 0;
      long prepareCpu = 0;
      long decodeWall = 0;
      long prepareWall = 0;
      for (Path file : files) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        BufferedImage image = decoder.decodeForTensors(file);
        long cpu1 = threads.getCurrentThreadCpuTime();
        long wall1 = System.nanoTime();
        float[] chw = ImageTensors.toChw(image, pre);
        long cpu2 = threads.getCurrentThreadCpuTime();
        long wall2 = System.nanoTime();
        decodeCpu += cpu1 - cpu0;
        prepareCpu += cpu2 - cpu1;
        decodeWall += wall1 - wall0;
        prepareWall += wall2 - wall1;
        checksum += chw[chw.length / 2];
      }
      if (round >= 0) {
        perRound[0][round] = decodeCpu / 1e6 / files.size();
        perRound[1][round] = prepareCpu / 1e6 / files.size();
        perRound[2][round] = decodeWall / 1e6 / files.size();
        perRound[3][round] = prepareWall / 1e6 / files.size();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d images, %d rounds (median ms/image)  cpu: decode %.3f prepare %.3f total %.3f"
            + "  |  wall: decode %.3f prepare %.3f total %.3f  (checksum %.4f)%n",
        files.size(),
        rounds,
        median(perRound[0]),
        median(perRound[1]),
        median(perRound[0]) + median(perRound[1]),
        median(perRound[2]),
        median(perRound[3]),
        median(perRound[2]) + median(perRound[3]),
        checksum);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}

package io.dionysus.benchmarks;

import io.dionysus.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The same transactions as {@link CaptureBenchmark}, interleaved so that a busy machine slows every variant alike:
 * after a warm-up, each round runs {@code none}, {@code explicit} and {@code capture} back to back in one JVM, and the
 * ratios are the medians of the per-round ratios (each variant's tables emptied and a GC run before its turn, so
 * that a growing in-memory database and collection pauses do not fall on one variant), in wall-clock time and in the benchmark thread's CPU time (on H2,
 * which runs in that thread, CPU time is what the variants cost even on a machine busy with other work). Arguments: {@code [H2|POSTGRESQL] [rounds] [transactions per
 * variant and round]} (defaults H2, 15, 3000).
 */
public final class CaptureHarness {

    private static final String[] VARIANTS = {"none", "explicit", "capture"};

    private CaptureHarness() {
    }

    public static void main(String[] args) throws Exception {
        TestDatabase.Kind kind = TestDatabase.Kind.valueOf(args.length > 0 ? args[0] : "H2");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        CaptureBenchmark[] states = new CaptureBenchmark[VARIANTS.length];
        for (int v = 0; v < VARIANTS.length; v++) {
            states[v] = new CaptureBenchmark();
            states[v].variant = VARIANTS[v];
            states[v].database = kind;
            states[v].start();
        }
        try {
            for (int warmup = 0; warmup < 10; warmup++) {
                for (CaptureBenchmark state : states) {
                    run(state, perRound);
                }
            }
            double[][] throughput = new double[VARIANTS.length][rounds];
            double[][] cpuThroughput = new double[VARIANTS.length][rounds];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = 0; round < rounds; round++) {
                for (int v = 0; v < VARIANTS.length; v++) {
                    states[v].truncate();
                    System.gc();
                    long started = System.nanoTime();
                    long cpuStarted = threads.getCurrentThreadCpuTime();
                    run(states[v], perRound);
                    throughput[v][round] = perRound / ((System.nanoTime() - started) / 1e6);
                    cpuThroughput[v][round] = perRound / ((threads.getCurrentThreadCpuTime() - cpuStarted) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%s, %d rounds x %d transactions per variant (tx/ms, median):%n", kind,
                    rounds, perRound);
            for (int v = 0; v < VARIANTS.length; v++) {
                System.out.printf(Locale.ROOT, "  %-8s %.3f%n", VARIANTS[v], median(throughput[v]));
            }
            System.out.printf(Locale.ROOT, "same-round ratios, wall clock (median, min-max):%n");
            print("capture / explicit (goal >= 0.95)", throughput[2], throughput[1]);
            print("explicit / none", throughput[1], throughput[0]);
            print("capture / none", throughput[2], throughput[0]);
            System.out.printf(Locale.ROOT, "same-round ratios, benchmark thread's CPU time (median, min-max):%n");
            print("capture / explicit (goal >= 0.95)", cpuThroughput[2], cpuThroughput[1]);
            print("explicit / none", cpuThroughput[1], cpuThroughput[0]);
            print("capture / none", cpuThroughput[2], cpuThroughput[0]);
        } finally {
            for (CaptureBenchmark state : states) {
                state.stop();
            }
        }
    }

    private static void run(CaptureBenchmark state, int transactions) {
        for (int i = 0; i < transactions; i++) {
            state.transaction();
        }
    }

    private static void print(String label, double[] top, double[] bottom) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < top.length; i++) {
            ratios.add(top[i] / bottom[i]);
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-36s %.3f  (%.3f-%.3f)%n", label, median(sorted), sorted[0],
                sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

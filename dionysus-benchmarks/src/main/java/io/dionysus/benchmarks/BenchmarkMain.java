package io.dionysus.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SerializerBenchmark} and prints the same-run ratios the README quotes: generated vs databind (goal
 * ≥ 2.0) and generated vs hand-written (goal ≥ 0.9). JMH command-line options (e.g. {@code -f 2 -wi 5}) pass
 * through.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(SerializerBenchmark.class.getSimpleName())
                .build()).run();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            scores.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        double generated = scores.get("generated");
        System.out.printf("%nsame-run ratios (throughput):%n");
        System.out.printf("  generated / databind     = %.2f  (goal >= 2.0)%n", generated / scores.get("databind"));
        System.out.printf("  generated / hand-written = %.2f  (goal >= 0.9)%n", generated / scores.get("handWritten"));
    }
}

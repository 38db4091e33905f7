package io.dionysus.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CaptureBenchmark} and prints the same-run ratios the README quotes per database: capture / explicit
 * (goal ≥ 0.95), explicit / none and capture / none. JMH command-line options pass through.
 */
public final class CaptureBenchmarkMain {

    private CaptureBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(CaptureBenchmark.class.getSimpleName())
                .build()).run();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult result : results) {
            scores.put(result.getParams().getParam("database") + "/" + result.getParams().getParam("variant"),
                    result.getPrimaryResult().getScore());
        }
        System.out.printf("%nsame-run ratios (transactions per ms):%n");
        for (String database : new String[] {"H2", "POSTGRESQL"}) {
            Double none = scores.get(database + "/none");
            Double explicit = scores.get(database + "/explicit");
            Double capture = scores.get(database + "/capture");
            if (none == null || explicit == null || capture == null) {
                continue;
            }
            System.out.printf("  %-10s capture / explicit = %.3f  (goal >= 0.95)%n", database, capture / explicit);
            System.out.printf("  %-10s explicit / none    = %.3f%n", database, explicit / none);
            System.out.printf("  %-10s capture / none     = %.3f%n", database, capture / none);
        }
    }
}

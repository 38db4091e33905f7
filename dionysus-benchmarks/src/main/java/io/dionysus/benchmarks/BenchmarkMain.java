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
            scores.put(label.substring(label.lastIndexOf('.') + 1) + "/" + result.getParams().getParam("note"),
                    result.getPrimaryResult().getScore());
        }
        System.out.printf("%nsame-run ratios (throughput):%n");
        for (String note : new String[] {"plain", "html"}) {
            double generated = scores.get("generated/" + note);
            System.out.printf("  note=%-5s generated / databind (baseline)                     = %.2f  (goal >= 2.0)%n",
                    note, generated / scores.get("databind/" + note));
            System.out.printf("  note=%-5s generated / databind with Dionysus's formatters    = %.2f%n",
                    note, generated / scores.get("databindWithDionysusFormatters/" + note));
            System.out.printf("  note=%-5s generated / hand-written (the limit)                = %.2f  (goal >= 0.9)%n",
                    note, generated / scores.get("handWritten/" + note));
        }
    }
}

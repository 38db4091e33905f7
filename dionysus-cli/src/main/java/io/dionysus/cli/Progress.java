package io.dionysus.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of long work, drawn by the progressbar library: on a terminal a bar redrawn in place on standard
 * error (percentage, count, elapsed time and ETA, rate); elsewhere (a pipe, a log, a CI job) the same facts as
 * plain lines, one a second and one at the end, on the command's error writer, so that logs are not filled with
 * carriage returns. A terminal is when {@link System#console()} is not {@code null} (Java 17 to 21; on 22 and later
 * only with {@code -Djdk.console=java.base}, which {@code bin/dionysus} sets).
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;
    private boolean closed;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Starts showing the progress of {@code task} over {@code total} {@code unit}s (e.g. {@code "rows"}).
     *
     * @param err where plain lines go when standard error is not a terminal
     */
    static Progress start(String task, long total, String unit, PrintWriter err) {
        boolean terminal = System.console() != null;
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .showSpeed();
        if (terminal) {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err));
        } else {
            builder.setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000)
                    .setConsumer(new DelegatingProgressBarConsumer(new PlainLines(err), 100));
        }
        return new Progress(builder.build());
    }

    /**
     * Writes each state as a line, but not the same line twice in a row: the library draws the final state once
     * from its updater and once more when closed.
     */
    private static final class PlainLines implements java.util.function.Consumer<String> {
        private final PrintWriter err;
        private String last;

        PlainLines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void accept(String line) {
            String text = line.strip();
            if (!text.equals(last)) {
                err.println(text);
                err.flush();
                last = text;
            }
        }
    }

    /** Advances by {@code n} units. */
    void step(long n) {
        bar.stepBy(n);
    }

    /** Draws the final state and stops; once (a second call does nothing). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        bar.close();
    }
}

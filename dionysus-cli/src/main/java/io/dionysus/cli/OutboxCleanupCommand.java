package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxRetention;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dionysus outbox cleanup}: deletes published rows (skipped ones included) older than an age, in bounded
 * batches ({@link OutboxRetention}), with a progress display. Unpublished and failed rows are never touched.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Deletes published rows (and skipped ones) whose published_at is older than --older-than, one"
                + " bounded batch per statement and transaction; unpublished and failed rows are never touched."})
final class OutboxCleanupCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JdbcOptions jdbc;

    @Option(names = "--older-than", paramLabel = "<duration>", required = true,
            description = "Delete rows published longer ago than this, e.g. 7d, 12h.")
    private Duration olderThan;

    @Option(names = "--batch-size", paramLabel = "<n>", defaultValue = "1000",
            description = "Rows per delete statement (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--dry-run", description = "Count the rows that would be deleted; delete nothing.")
    private boolean dryRun;

    @Option(names = "--yes", description = "Confirm a cleanup of rows published less than "
            + "1h ago (e.g. --older-than 0s deletes every published and skipped row).")
    private boolean yes;

    /** Below this age a cleanup needs {@code --yes}: rows that recent are what an operator still inspects. */
    static final Duration CONFIRM_BELOW = Duration.ofHours(1);

    @Override
    public Integer call() {
        if (olderThan.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--older-than must not be negative");
        }
        if (olderThan.compareTo(CONFIRM_BELOW) < 0 && !dryRun && !yes) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--older-than "
                    + DurationConverter.format(olderThan) + " deletes rows published less than 1h ago (every"
                    + " published and skipped row at 0s): add --yes to confirm, or --dry-run to count them");
        }
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be at least 1");
        }
        OutboxRetention retention = OutboxRetention.builder(jdbc.dataSource(spec.commandLine()))
                .keepPublished(olderThan).batchSize(batchSize).build();
        long expired = retention.countExpired();
        PrintWriter out = spec.commandLine().getOut();
        String age = DurationConverter.format(olderThan);
        if (dryRun) {
            out.println("Dry run: would delete " + expired + " rows published more than " + age + " ago.");
            out.flush();
            return 0;
        }
        long deleted;
        try (Progress progress = Progress.start("cleanup", expired, "rows", spec.commandLine().getErr())) {
            deleted = retention.deleteExpired(progress::step);
        }
        out.println("Deleted " + deleted + " rows published more than " + age + " ago.");
        out.flush();
        return 0;
    }
}

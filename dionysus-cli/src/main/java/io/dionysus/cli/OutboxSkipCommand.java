package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dionysus outbox skip}: skips failed rows ({@link OutboxInspector#skip(java.util.Collection)}), releasing
 * their keys. Selected by key or topic, only the oldest failed row of each key (the one that blocks it) is skipped
 * unless {@code --all-failed}: when a topic's rows all fail, the later failed rows of a key hold its newer states.
 */
@Command(name = "skip", mixinStandardHelpOptions = true,
        description = {"Skips failed rows: they are never published, keep their error for audit (skipped_at is set)"
                + " and the later rows of their keys are due now. Rows that never failed are not skipped.",
                "Select by --id (exactly those rows), --key, --partition-key and/or --topic; by key or topic only"
                + " the oldest failed row of each key, the one that blocks it, is skipped (the later failed rows"
                + " of the key may hold its latest state) unless --all-failed. --dry-run lists them only."})
final class OutboxSkipCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JdbcOptions jdbc;

    @Mixin
    private FailedRowSelection selection;

    @Option(names = "--dry-run", description = "List the rows that would be skipped; change nothing.")
    private boolean dryRun;

    @Option(names = "--all-failed",
            description = "With --key, --partition-key or --topic: skip every failed row of the matching keys, not"
                    + " only the oldest of each key.")
    private boolean allFailed;

    @Override
    public Integer call() {
        return FailedRowAction.run(spec.commandLine(), jdbc, selection, dryRun, "skip", !allFailed,
                (inspector, ids) -> inspector.skip(ids));
    }
}

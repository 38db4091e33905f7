package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dionysus outbox skip}: skips failed rows ({@link OutboxInspector#skip(long)}), releasing their keys. */
@Command(name = "skip", mixinStandardHelpOptions = true,
        description = {"Skips failed rows: they are never published, keep their error for audit (skipped_at is set)"
                + " and the later rows of their keys are due now. Rows that never failed are not skipped.",
                "Select by --id, --key and/or --topic; --dry-run lists them only."})
final class OutboxSkipCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JdbcOptions jdbc;

    @Mixin
    private FailedRowSelection selection;

    @Option(names = "--dry-run", description = "List the rows that would be skipped; change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        return FailedRowAction.run(spec.commandLine(), jdbc, selection, dryRun, "skip", OutboxInspector::skip);
    }
}

package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dionysus outbox retry}: makes failed rows due now ({@link OutboxInspector#retry(java.util.Collection)}). All
 * matching failed rows are retried: the relay still sends each key's rows in order, so retrying more is harmless.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Makes failed rows due now (their back-off is cut short), with the rows of their keys held"
                + " behind them; the relay sends them in its next iteration.",
                "Select by --id, --key (message key), --partition-key and/or --topic; every matching failed row is"
                + " retried (harmless: the relay still sends a key's rows in order). --dry-run lists them only."})
final class OutboxRetryCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JdbcOptions jdbc;

    @Mixin
    private FailedRowSelection selection;

    @Option(names = "--dry-run", description = "List the rows that would be retried; change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        return FailedRowAction.run(spec.commandLine(), jdbc, selection, dryRun, "retry", false,
                (inspector, ids) -> inspector.retry(ids));
    }
}

package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dionysus outbox failed}: the failed rows, oldest first, optionally of one topic or key. */
@Command(name = "failed", mixinStandardHelpOptions = true,
        description = {"Lists the failed rows waiting for a retry, oldest first: id, topic, message key, partition key,"
                + " attempts, next retry, rows of the key waiting behind it, error.",
                "Act on them with 'outbox retry' or 'outbox skip'."})
final class OutboxFailedCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JdbcOptions jdbc;

    @Mixin
    private FailedRowSelection selection;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "1000",
            description = "At most this many rows; at least 1 (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        if (limit <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--limit must be at least 1, not " + limit);
        }
        OutboxInspector inspector = new OutboxInspector(jdbc.dataSource(spec.commandLine()));
        List<OutboxInspector.FailedRow> rows = selection.select(inspector);
        PrintWriter out = spec.commandLine().getOut();
        if (rows.isEmpty()) {
            out.println(selection.empty() ? "No failed rows." : "No failed rows of " + selection + ".");
            out.flush();
            return 0;
        }
        Table table = new Table("ID", "TOPIC", "MESSAGE KEY", "PARTITION KEY", "ATTEMPTS", "NEXT RETRY", "WAITING",
                "ERROR");
        for (OutboxInspector.FailedRow row : rows.subList(0, Math.min(limit, rows.size()))) {
            table.row(row.id(), row.topic(), row.messageKey(), OutboxStatusCommand.partitionKey(row), row.attempts(),
                    row.retryAt() == null ? "now" : OutboxStatusCommand.seconds(row.retryAt()), row.waiting(),
                    OutboxStatusCommand.error(row));
        }
        table.print(out);
        if (rows.size() > limit) {
            out.println("… and " + (rows.size() - limit) + " more (--limit).");
        }
        out.flush();
        return 0;
    }
}

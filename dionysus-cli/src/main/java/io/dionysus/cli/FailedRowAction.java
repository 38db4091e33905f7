package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiPredicate;
import picocli.CommandLine;

/**
 * What {@code outbox retry} and {@code outbox skip} share: select failed rows, list them on a dry run, else act on
 * each (through {@link OutboxInspector}) with a progress display, and say what was done.
 */
final class FailedRowAction {

    /** From this many rows on, retry and skip show their progress. */
    static final int PROGRESS_FROM = 100;

    private FailedRowAction() {
    }

    /**
     * @param verb {@code retry} or {@code skip}
     * @param action the inspector's call for one row id; {@code false} when the row was no longer failed
     * @return the exit code: 0, or 1 when no failed row matched
     */
    static int run(CommandLine commandLine, JdbcOptions jdbc, FailedRowSelection selection, boolean dryRun,
            String verb, BiPredicate<OutboxInspector, Long> action) {
        if (selection.empty()) {
            throw new CommandLine.ParameterException(commandLine,
                    "say which failed rows to " + verb + ": --id, --key and/or --topic");
        }
        OutboxInspector inspector = new OutboxInspector(jdbc.dataSource(commandLine));
        List<OutboxInspector.FailedRow> rows = selection.select(inspector);
        PrintWriter out = commandLine.getOut();
        if (rows.isEmpty()) {
            commandLine.getErr().println("dionysus: no failed row of " + selection + " to " + verb);
            commandLine.getErr().flush();
            return 1;
        }
        if (dryRun) {
            out.println("Dry run: would " + verb + " " + rows.size() + " failed row" + (rows.size() == 1 ? "" : "s")
                    + ":");
            Table table = new Table("ID", "TOPIC", "KEY", "ATTEMPTS", "WAITING", "ERROR");
            for (OutboxInspector.FailedRow row : rows) {
                table.row(row.id(), row.topic(), OutboxStatusCommand.key(row), row.attempts(), row.waiting(),
                        OutboxStatusCommand.error(row));
            }
            table.print(out);
            out.flush();
            return 0;
        }
        long done = 0;
        // a progress display only for work that takes a while (one short transaction per row)
        try (Progress progress = rows.size() >= PROGRESS_FROM
                ? Progress.start(verb, rows.size(), "rows", commandLine.getErr()) : null) {
            for (OutboxInspector.FailedRow row : rows) {
                if (action.test(inspector, row.id())) {
                    done++;
                }
                if (progress != null) {
                    progress.step(1);
                }
            }
        }
        out.println((verb.equals("retry") ? "Retried " : "Skipped ") + done + " failed row" + (done == 1 ? "" : "s")
                + (done < rows.size() ? " (" + (rows.size() - done) + " were no longer failed)" : "")
                + (verb.equals("retry") ? "; the relay sends them in its next iteration."
                        : "; they are never published and are kept for audit; the rows of their keys are due now."));
        out.flush();
        return 0;
    }
}

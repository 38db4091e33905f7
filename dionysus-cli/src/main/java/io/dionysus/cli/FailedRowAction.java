package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxException;
import io.dionysus.runtime.outbox.OutboxInspector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * What {@code outbox retry} and {@code outbox skip} share: select failed rows, list them on a dry run, else act on
 * them in batches of {@value #BATCH} (one transaction each, through {@link OutboxInspector}) with a progress display,
 * and say what was done — also when a batch fails part-way.
 */
final class FailedRowAction {

    /** From this many rows on, retry and skip show their progress. */
    static final int PROGRESS_FROM = 100;

    /** Rows per transaction. */
    static final int BATCH = 500;

    private FailedRowAction() {
    }

    /**
     * @param verb {@code retry} or {@code skip}
     * @param blockingOnly when selecting by key or topic (not by id), act only on the oldest failed row of each key
     *     (the one that blocks it), not on the later failed rows of the key
     * @param action the inspector's call for one batch of row ids; returns the ids it acted on
     * @return the exit code: 0, or 1 when no failed row matched or a batch failed
     */
    static int run(CommandLine commandLine, JdbcOptions jdbc, FailedRowSelection selection, boolean dryRun,
            String verb, boolean blockingOnly, BiFunction<OutboxInspector, List<Long>, List<Long>> action) {
        if (selection.empty()) {
            throw new CommandLine.ParameterException(commandLine,
                    "say which failed rows to " + verb + ": --id, --key, --partition-key and/or --topic");
        }
        OutboxInspector inspector = new OutboxInspector(jdbc.dataSource(commandLine));
        List<OutboxInspector.FailedRow> matched = selection.select(inspector);
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        if (selection.byId()) {
            Set<Long> found = matched.stream().map(OutboxInspector.FailedRow::id).collect(Collectors.toSet());
            List<Long> missing = new TreeSet<>(selection.ids).stream().filter(id -> !found.contains(id)).toList();
            if (!missing.isEmpty()) {
                err.println("dionysus: not a failed row (published, never failed, of another key or topic, or no"
                        + " such row): " + missing.stream().map(String::valueOf).collect(Collectors.joining(",")));
                err.flush();
            }
        }
        List<OutboxInspector.FailedRow> rows = matched;
        if (blockingOnly && !selection.byId()) {
            Set<Long> blocking = inspector.stalledKeys(Integer.MAX_VALUE).stream()
                    .map(OutboxInspector.FailedRow::id).collect(Collectors.toSet());
            rows = matched.stream().filter(row -> blocking.contains(row.id())).toList();
        }
        int held = matched.size() - rows.size();
        String heldNote = held == 0 ? null : held + " later failed row" + (held == 1 ? "" : "s")
                + " of the selection wait behind the oldest failed row of " + (held == 1 ? "its" : "their")
                + " key and " + (held == 1 ? "is" : "are") + " left as " + (held == 1 ? "it is" : "they are")
                + " (--all-failed includes them; the newest row of a key often holds its latest state)";
        if (rows.isEmpty()) {
            err.println("dionysus: no failed row of " + selection + " to " + verb
                    + (heldNote == null ? "" : "; " + heldNote));
            err.flush();
            return 1;
        }
        if (dryRun) {
            out.println("Dry run: would " + verb + " " + rows.size() + " failed row" + (rows.size() == 1 ? "" : "s")
                    + ":");
            Table table = new Table("ID", "TOPIC", "MESSAGE KEY", "PARTITION KEY", "ATTEMPTS", "WAITING", "ERROR");
            for (OutboxInspector.FailedRow row : rows) {
                table.row(row.id(), row.topic(), row.messageKey(), OutboxStatusCommand.partitionKey(row),
                        row.attempts(), row.waiting(), OutboxStatusCommand.error(row));
            }
            table.print(out);
            if (heldNote != null) {
                out.println(heldNote.substring(0, 1).toUpperCase() + heldNote.substring(1) + ".");
            }
            out.flush();
            return 0;
        }
        String done = verb.equals("retry") ? "retried" : "skipped";
        long acted = 0;
        long tried = 0;
        // a progress display only for work that takes a while
        try (Progress progress = rows.size() >= PROGRESS_FROM
                ? Progress.start(verb, rows.size(), "rows", err) : null) {
            for (int from = 0; from < rows.size(); from += BATCH) {
                List<Long> batch = new ArrayList<>();
                for (OutboxInspector.FailedRow row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                    batch.add(row.id());
                }
                try {
                    acted += action.apply(inspector, batch).size();
                } catch (OutboxException e) {
                    if (progress != null) {
                        progress.close();
                    }
                    err.println("dionysus: " + done + " " + acted + " of " + rows.size() + " failed rows, then a"
                            + " batch of " + batch.size() + " failed and was rolled back; run again to continue: "
                            + DionysusCli.message(e));
                    err.flush();
                    return CommandLine.ExitCode.SOFTWARE;
                }
                tried += batch.size();
                if (progress != null) {
                    progress.step(batch.size());
                }
            }
        }
        out.println((verb.equals("retry") ? "Retried " : "Skipped ") + acted + " failed row" + (acted == 1 ? "" : "s")
                + (acted < tried ? " (" + (tried - acted) + " were no longer failed)" : "")
                + (verb.equals("retry") ? "; the relay sends them in its next iteration."
                        : "; they are never published and are kept for audit; the rows of their keys are due now."));
        if (heldNote != null) {
            out.println(heldNote.substring(0, 1).toUpperCase() + heldNote.substring(1) + ".");
        }
        out.flush();
        return 0;
    }
}

package io.dionysus.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dionysus.runtime.outbox.OutboxInspector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dionysus outbox status}: per topic the unpublished rows, the failed ones, the oldest one's age, the rows
 * published in the last minute and hour and the skipped ones; then the keys stalled behind a failed row. Exits with
 * {@link DionysusCli#EXIT_STALLED} when a row has waited longer than {@code --stalled-after}, so that it can serve
 * as a probe.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Per topic: pending, failed and skipped rows, the oldest pending row's age, rows published in"
                + " the last minute and hour; then the keys stalled behind a failed row.",
                "Exits with 3 when a row has waited longer than --stalled-after (usable as a probe)."})
final class OutboxStatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JdbcOptions jdbc;

    @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
    private boolean json;

    @Option(names = "--stalled-after", paramLabel = "<duration>", defaultValue = "15m",
            description = "A row unpublished for longer is stalled: exit code 3 (default: ${DEFAULT-VALUE}).")
    private Duration stalledAfter;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100",
            description = "At most this many stalled keys are listed, oldest first; at least 1 (default:"
                    + " ${DEFAULT-VALUE}).")
    private int limit;

    /** One topic's line. */
    record TopicLine(String topic, long pending, long failed, Instant oldestPending, long publishedLastMinute,
            long publishedLastHour, long skipped) {
    }

    @Override
    public Integer call() throws IOException {
        if (limit <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--limit must be at least 1, not " + limit);
        }
        OutboxInspector inspector = new OutboxInspector(jdbc.dataSource(spec.commandLine()));
        Instant now = Clock.systemUTC().instant();
        List<OutboxInspector.TopicStatus> pending = inspector.topics();
        Map<String, Long> lastMinute = inspector.publishedSince(now.minus(Duration.ofMinutes(1)));
        Map<String, Long> lastHour = inspector.publishedSince(now.minus(Duration.ofHours(1)));
        Map<String, Long> skipped = inspector.skipped();
        List<OutboxInspector.FailedRow> failed = inspector.stalledKeys(limit);
        long stalledKeys = failed.size() < limit ? failed.size() : inspector.stalledKeyCount();

        TreeSet<String> names = new TreeSet<>(lastHour.keySet());
        names.addAll(skipped.keySet());
        Map<String, OutboxInspector.TopicStatus> byTopic = new TreeMap<>();
        for (OutboxInspector.TopicStatus status : pending) {
            byTopic.put(status.topic(), status);
            names.add(status.topic());
        }
        List<TopicLine> lines = names.stream().map(topic -> {
            OutboxInspector.TopicStatus status = byTopic.get(topic);
            return new TopicLine(topic, status == null ? 0 : status.pending(), status == null ? 0 : status.failed(),
                    status == null ? null : status.oldestPending(), lastMinute.getOrDefault(topic, 0L),
                    lastHour.getOrDefault(topic, 0L), skipped.getOrDefault(topic, 0L));
        }).toList();
        List<TopicLine> stalled = lines.stream().filter(line -> line.oldestPending() != null
                && Duration.between(line.oldestPending(), now).compareTo(stalledAfter) > 0).toList();

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(lines, failed, stalledKeys, stalled, now));
        } else {
            print(out, lines, failed, stalledKeys, now);
        }
        out.flush();
        if (!stalled.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            for (TopicLine line : stalled) {
                err.println("stalled: " + line.topic() + " has a row waiting for "
                        + DurationConverter.age(Duration.between(line.oldestPending(), now)) + " (--stalled-after "
                        + DurationConverter.format(stalledAfter) + ")");
            }
            err.flush();
            return DionysusCli.EXIT_STALLED;
        }
        return 0;
    }

    private static void print(PrintWriter out, List<TopicLine> lines, List<OutboxInspector.FailedRow> failed,
            long stalledKeys, Instant now) {
        if (lines.isEmpty()) {
            out.println("The outbox is empty: nothing pending, nothing published in the last hour.");
        } else {
            Table table = new Table("TOPIC", "PENDING", "FAILED", "OLDEST PENDING", "PUBLISHED 1M", "PUBLISHED 1H",
                    "SKIPPED");
            for (TopicLine line : lines) {
                table.row(line.topic(), line.pending(), line.failed(),
                        line.oldestPending() == null ? "-" : DurationConverter.age(
                                Duration.between(line.oldestPending(), now)),
                        line.publishedLastMinute(), line.publishedLastHour(), line.skipped());
            }
            table.print(out);
        }
        out.println();
        if (failed.isEmpty()) {
            out.println("No stalled keys.");
            return;
        }
        out.println("Stalled keys, oldest first (the oldest failed row of a key holds back its later rows):");
        Table table = new Table("TOPIC", "MESSAGE KEY", "PARTITION KEY", "SINCE", "ROW", "ATTEMPTS", "WAITING",
                "ERROR");
        for (OutboxInspector.FailedRow row : failed) {
            table.row(row.topic(), row.messageKey(), partitionKey(row), seconds(row.createdAt()) + " ("
                    + DurationConverter.age(Duration.between(row.createdAt(), now)) + ")", row.id(), row.attempts(),
                    row.waiting(), error(row));
        }
        table.print(out);
        if (stalledKeys > failed.size()) {
            out.println("… and " + (stalledKeys - failed.size()) + " more stalled key"
                    + (stalledKeys - failed.size() == 1 ? "" : "s") + " (--limit " + failed.size() + ").");
        }
    }

    /** A failed row's partition key for a table, {@code -} when it has none (its message key orders it). */
    static String partitionKey(OutboxInspector.FailedRow row) {
        return row.partitionKey() == null ? "-" : row.partitionKey();
    }

    /**
     * Text on one line, for a table cell or a log line: each line break (CR LF, LF or CR) becomes {@code " ⏎ "}, so a
     * multi-line error message stays readable and the table aligned.
     */
    static String oneLine(String text) {
        return text == null ? null : text.replaceAll("\\r\\n|\\n|\\r", " ⏎ ");
    }

    /** An instant for a table: to the second. */
    static String seconds(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String error(OutboxInspector.FailedRow row) {
        String message = row.errorMessage() == null ? "" : ": " + row.errorMessage();
        return oneLine((row.errorClass() == null ? "" : row.errorClass()) + message);
    }

    private String json(List<TopicLine> lines, List<OutboxInspector.FailedRow> failed, long stalledKeys,
            List<TopicLine> stalled, Instant now) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator gen = new JsonFactory().createGenerator(text)) {
            gen.useDefaultPrettyPrinter();
            gen.writeStartObject();
            gen.writeStringField("checkedAt", now.toString());
            gen.writeNumberField("stalledAfterSeconds", stalledAfter.getSeconds());
            gen.writeBooleanField("stalled", !stalled.isEmpty());
            gen.writeArrayFieldStart("topics");
            for (TopicLine line : lines) {
                gen.writeStartObject();
                gen.writeStringField("topic", line.topic());
                gen.writeNumberField("pending", line.pending());
                gen.writeNumberField("failed", line.failed());
                if (line.oldestPending() == null) {
                    gen.writeNullField("oldestPending");
                    gen.writeNullField("oldestPendingAgeSeconds");
                } else {
                    gen.writeStringField("oldestPending", line.oldestPending().toString());
                    gen.writeNumberField("oldestPendingAgeSeconds",
                            Duration.between(line.oldestPending(), now).getSeconds());
                }
                gen.writeNumberField("publishedLastMinute", line.publishedLastMinute());
                gen.writeNumberField("publishedLastHour", line.publishedLastHour());
                gen.writeNumberField("skipped", line.skipped());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("stalledKeys");
            for (OutboxInspector.FailedRow row : failed) {
                gen.writeStartObject();
                gen.writeStringField("topic", row.topic());
                gen.writeStringField("key", row.messageKey());
                gen.writeStringField("partitionKey", row.partitionKey());
                gen.writeStringField("since", row.createdAt().toString());
                gen.writeNumberField("rowId", row.id());
                gen.writeNumberField("attempts", row.attempts());
                gen.writeNumberField("waiting", row.waiting());
                gen.writeStringField("errorClass", row.errorClass());
                gen.writeStringField("errorMessage", row.errorMessage());
                gen.writeStringField("retryAt", row.retryAt() == null ? null : row.retryAt().toString());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeNumberField("stalledKeyCount", stalledKeys);
            gen.writeEndObject();
        }
        return text.toString();
    }
}

package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.util.List;
import picocli.CommandLine.Option;

/** Which failed rows a command acts on: by id, key or topic (all given ones must match). */
final class FailedRowSelection {

    @Option(names = "--id", paramLabel = "<id>", split = ",", description = "Row ids (repeatable or comma-separated).")
    List<Long> ids;

    @Option(names = "--key", paramLabel = "<key>",
            description = "A key: the rows' partition key, or their message key (e.g. User:1).")
    String key;

    @Option(names = "--topic", paramLabel = "<topic>", description = "A topic.")
    String topic;

    boolean empty() {
        return (ids == null || ids.isEmpty()) && key == null && topic == null;
    }

    boolean matches(OutboxInspector.FailedRow row) {
        return (ids == null || ids.isEmpty() || ids.contains(row.id()))
                && (key == null || key.equals(row.partitionKey()) || key.equals(row.messageKey()))
                && (topic == null || topic.equals(row.topic()));
    }

    /** The failed rows that match, oldest first. */
    List<OutboxInspector.FailedRow> select(OutboxInspector inspector) {
        return inspector.failedRows(Integer.MAX_VALUE).stream().filter(this::matches).toList();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (ids != null && !ids.isEmpty()) {
            text.append(" id ").append(ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        }
        if (key != null) {
            text.append(" key ").append(key);
        }
        if (topic != null) {
            text.append(" topic ").append(topic);
        }
        return text.toString().strip();
    }
}

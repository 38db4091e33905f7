package io.dionysus.cli;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.util.List;
import picocli.CommandLine.Option;

/** Which failed rows a command acts on: by id, message key, partition key or topic (all given ones must match). */
final class FailedRowSelection {

    @Option(names = "--id", paramLabel = "<id>", split = ",", description = "Row ids (repeatable or comma-separated).")
    List<Long> ids;

    @Option(names = "--key", paramLabel = "<key>", description = "A message key (the Kafka key, e.g. Rental:55).")
    String key;

    @Option(names = "--partition-key", paramLabel = "<key>",
            description = "A partition key (the rows of a model that partitions by an attribute, e.g. 7).")
    String partitionKey;

    @Option(names = "--topic", paramLabel = "<topic>", description = "A topic.")
    String topic;

    boolean empty() {
        return !byId() && key == null && partitionKey == null && topic == null;
    }

    /** Whether ids were given: then exactly those rows are meant. */
    boolean byId() {
        return ids != null && !ids.isEmpty();
    }

    boolean matches(OutboxInspector.FailedRow row) {
        return (!byId() || ids.contains(row.id()))
                && (key == null || key.equals(row.messageKey()))
                && (partitionKey == null || partitionKey.equals(row.partitionKey()))
                && (topic == null || topic.equals(row.topic()));
    }

    /** The failed rows that match, oldest first. */
    List<OutboxInspector.FailedRow> select(OutboxInspector inspector) {
        return inspector.failedRows(Integer.MAX_VALUE).stream().filter(this::matches).toList();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (byId()) {
            text.append(" id ").append(ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        }
        if (key != null) {
            text.append(" key ").append(key);
        }
        if (partitionKey != null) {
            text.append(" partition key ").append(partitionKey);
        }
        if (topic != null) {
            text.append(" topic ").append(topic);
        }
        return text.toString().strip();
    }
}

package io.dionysus.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dionysus.runtime.consumer.EnvelopeParser;
import io.dionysus.runtime.consumer.ReceivedEvent;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dionysus tail <topic>}: reads a topic without a consumer group (nothing is committed, no consumer of the
 * application is disturbed) and prints each message decoded: partition, offset, time, key, the envelope's events
 * (through the consumer's {@link EnvelopeParser}) and the JSON value pretty-printed; tombstones and values that are
 * not Dionysus envelopes are shown as such.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Decodes and pretty-prints the Dionysus messages of a topic, to see what a Ruby or Java"
                + " producer really sends. Reads without a consumer group; commits nothing."})
final class TailCommand implements Callable<Integer> {

    /** Written to standard error before pretty-printed values. */
    static final String PRETTY_NOTICE = "dionysus: values pretty-printed (whitespace added, \\uXXXX escapes such as"
            + " ActiveSupport's \\u003c shown decoded); --raw prints each value exactly as sent";

    // exact decimals: the value is shown as sent (1.10 stays 1.10)
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<topic>", description = "The topic, e.g. dionysus_demo_users.")
    private String topic;

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,…>",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
    private String bootstrapServers;

    @Option(names = "--from", paramLabel = "<beginning|latest|offset>", defaultValue = "latest",
            description = "Where to start in each partition: beginning, latest (only new messages) or an offset"
                    + " (default: ${DEFAULT-VALUE}).")
    private String from;

    @Option(names = "--partition", paramLabel = "<n>", description = "Read only this partition.")
    private Integer partition;

    @Option(names = {"-n", "--max-messages"}, paramLabel = "<n>",
            description = "Stop after this many messages, at least 1 (default: run until interrupted).")
    private Long maxMessages;

    @Option(names = "--idle-exit", paramLabel = "<duration>",
            description = "Stop when no message came for this long, e.g. 5s (default: run until interrupted).")
    private Duration idleExit;

    @Option(names = "--raw", description = "Print each value exactly as sent (no pretty-printing, escapes kept).")
    private boolean raw;

    @Override
    public Integer call() {
        if (maxMessages != null && maxMessages <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "-n/--max-messages must be at least 1, not " + maxMessages);
        }
        long offset = -1;
        if (!from.equals("beginning") && !from.equals("latest")) {
            try {
                offset = Long.parseLong(from);
            } catch (NumberFormatException e) {
                offset = -2;
            }
            if (offset < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--from takes beginning, latest or an offset (0 or more), not '" + from + "'");
            }
        }
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "dionysus-tail");
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                spec.commandLine().getErr().println("dionysus: no topic " + topic + " on " + bootstrapServers);
                spec.commandLine().getErr().flush();
                return 1;
            }
            List<TopicPartition> partitions = infos.stream()
                    .filter(info -> partition == null || info.partition() == partition)
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            if (partitions.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "topic " + topic + " has "
                        + infos.size() + " partitions; there is no partition " + partition);
            }
            consumer.assign(partitions);
            if (!raw) {
                // text is never changed silently: say what the pretty view changes
                spec.commandLine().getErr().println(PRETTY_NOTICE);
                spec.commandLine().getErr().flush();
            }
            if (from.equals("beginning")) {
                consumer.seekToBeginning(partitions);
            } else if (from.equals("latest")) {
                consumer.seekToEnd(partitions);
            } else {
                for (TopicPartition each : partitions) {
                    consumer.seek(each, offset);
                }
            }
            for (TopicPartition each : partitions) {
                consumer.position(each); // resolve the start now, so that "latest" means now
            }
            long printed = 0;
            Instant lastMessage = Instant.now();
            while (maxMessages == null || printed < maxMessages) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (idleExit != null && Duration.between(lastMessage, Instant.now()).compareTo(idleExit) >= 0) {
                        break;
                    }
                    continue;
                }
                lastMessage = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    print(out, record);
                    out.flush();
                    printed++;
                    if (maxMessages != null && printed >= maxMessages) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private void print(PrintWriter out, ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "(none)" : new String(record.key(), StandardCharsets.UTF_8);
        out.println("── " + record.topic() + "/" + record.partition() + " @" + record.offset() + "  "
                + Instant.ofEpochMilli(record.timestamp()) + "  key " + key);
        byte[] value = record.value();
        if (value == null) {
            out.println("tombstone (a Kafka null value)");
            out.println();
            return;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.equals("null")) {
            out.println("tombstone (the text null)");
            out.println();
            return;
        }
        List<ReceivedEvent> events;
        try {
            events = EnvelopeParser.parse(value);
        } catch (IllegalArgumentException e) {
            out.println("not a Dionysus message: " + e.getMessage());
            out.println(text);
            out.println();
            return;
        }
        for (ReceivedEvent event : events) {
            out.println(event.eventName() + " " + event.modelName() + " " + event.records().stream()
                    .map(TailCommand::describe).collect(Collectors.joining(", ")));
        }
        if (raw) {
            out.println(text);
        } else {
            try {
                JsonNode tree = JSON.readTree(value);
                out.println(JSON.writeValueAsString(tree));
            } catch (java.io.IOException e) {
                out.println(text);
            }
        }
        out.println();
    }

    private static String describe(Map<String, Object> record) {
        return "id " + record.get("id");
    }
}

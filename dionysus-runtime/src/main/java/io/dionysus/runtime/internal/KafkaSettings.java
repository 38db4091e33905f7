package io.dionysus.runtime.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks Kafka client settings when a relay or consumer is built, so that a setting that cannot work fails the build
 * with the property's name instead of failing later at every send: the checks of the client's configuration (types,
 * ranges, the idempotent producer's conflicts, the form of {@code bootstrap.servers}), those only the client's
 * constructor makes (e.g. {@code delivery.timeout.ms} shorter than {@code linger.ms + request.timeout.ms}, an
 * interceptor class that cannot be loaded, an unreadable key store), and a few the client leaves to the first send
 * (a {@code buffer.memory} smaller than one batch). Shared by the relay and the consumer; not API.
 */
public final class KafkaSettings {

    private static final AtomicInteger CHECKS = new AtomicInteger();

    private KafkaSettings() {
    }

    /**
     * Checks producer settings (the String key and byte-array value serializers the runtime uses are assumed) and
     * starts and closes a producer with them, which connects to nothing.
     *
     * @param what whose settings, for the message, e.g. "the outbox relay's producer settings"
     * @param forced what the runtime forces, for the message, e.g. "acks=all and enable.idempotence=true are forced"
     * @return the parsed settings, for the values the runtime reads itself (parsed as the client parses them)
     * @throws IllegalArgumentException naming the property
     */
    public static ProducerConfig checkProducer(Map<String, Object> settings, String what, String forced) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ProducerConfig parsed;
        try {
            parsed = new ProducerConfig(config);
            checkBootstrapServers(parsed);
        } catch (ConfigException e) {
            throw rejected(what, forced, e.getMessage(), e);
        }
        int batchSize = parsed.getInt(ProducerConfig.BATCH_SIZE_CONFIG);
        long bufferMemory = parsed.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG);
        if (bufferMemory < batchSize) {
            // every record's batch takes batch.size bytes of the buffer: send() would throw for each of them
            throw rejected(what, forced, "buffer.memory=" + bufferMemory + " is smaller than batch.size=" + batchSize
                    + ": no record could be sent", null);
        }
        try {
            new KafkaProducer<>(forCheck(settings, parsed), new StringSerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO);
        } catch (RuntimeException e) {
            throw notStarted(what, forced, "producer", settings, e);
        }
        return parsed;
    }

    /**
     * Checks consumer settings (the String key and byte-array value deserializers the runtime uses are assumed) and
     * starts and closes a consumer with them, which connects to nothing.
     *
     * @return the parsed settings, for the values the runtime reads itself
     * @throws IllegalArgumentException naming the property
     */
    public static ConsumerConfig checkConsumer(Map<String, Object> settings, String what, String forced) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ConsumerConfig parsed;
        try {
            parsed = new ConsumerConfig(config);
            checkBootstrapServers(parsed);
        } catch (ConfigException e) {
            throw rejected(what, forced, e.getMessage(), e);
        }
        try {
            new KafkaConsumer<>(forCheck(settings, parsed), new StringDeserializer(), new ByteArrayDeserializer())
                    .close(Duration.ZERO);
        } catch (RuntimeException e) {
            throw notStarted(what, forced, "consumer", settings, e);
        }
        return parsed;
    }

    /**
     * Rejects {@code transactional.id}: the runtime's producers are idempotent, not transactional, and a
     * transactional producer refuses every send before {@code initTransactions()}.
     *
     * @throws IllegalArgumentException naming the property
     */
    public static void rejectTransactionalId(Map<String, Object> settings, String what) {
        Object id = settings.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (id != null) {
            throw new IllegalArgumentException(what + " cannot work: transactional.id=" + id + " makes a"
                    + " transactional producer, which refuses every send outside a transaction; the runtime's producer"
                    + " is idempotent, not transactional: remove transactional.id");
        }
    }

    /**
     * The settings of the client made only to be checked: its own {@code client.id}, so that it neither clashes with
     * nor, when closed, unregisters the metrics of a running client of the same id; and a loopback bootstrap
     * address, since the form of the addresses is checked already and resolving them is left to the real client's
     * first connection (a broker's name may resolve only later). It connects to nothing: it is closed at once.
     */
    private static Map<String, Object> forCheck(Map<String, Object> settings, AbstractConfig parsed) {
        Map<String, Object> config = new HashMap<>(settings);
        String clientId = parsed.getString(CommonClientConfigs.CLIENT_ID_CONFIG);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, (clientId == null || clientId.isBlank() ? "dionysus"
                : clientId) + "-settings-check-" + CHECKS.incrementAndGet());
        String first = parsed.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).get(0);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + Utils.getPort(first));
        return config;
    }

    /** The form {@code host:port} of every address; resolving them is left to the client (DNS may come later). */
    private static void checkBootstrapServers(AbstractConfig config) {
        List<String> servers = config.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers.isEmpty()) {
            throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers, "no address given");
        }
        for (String server : servers) {
            if (Utils.getHost(server) == null || Utils.getPort(server) == null) {
                throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, server,
                        "expected host:port");
            }
        }
    }

    /**
     * The client's constructor failed: Kafka wraps the reason ("Failed to construct kafka producer"), which names
     * the property when it is a {@link ConfigException}; otherwise (a class that cannot be loaded, a key store that
     * cannot be read) the settings whose values the reason mentions are named.
     */
    private static IllegalArgumentException notStarted(String what, String forced, String client,
            Map<String, Object> settings, RuntimeException e) {
        StringBuilder reasons = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().startsWith("Failed to construct kafka")) {
                reasons.append(reasons.length() == 0 ? "" : ": ").append(cause.getMessage());
            }
        }
        List<String> named = new ArrayList<>();
        String text = reasons.toString();
        for (Map.Entry<String, Object> setting : settings.entrySet()) {
            String value = Objects.toString(setting.getValue(), "");
            if (!value.isBlank() && !text.contains(setting.getKey())
                    && List.of(value.split(",")).stream().anyMatch(part -> !part.isBlank() && text.contains(part.trim()))) {
                named.add(setting.getKey() + "=" + value);
            }
        }
        String reason = "the Kafka " + client + " cannot be created: " + (text.isEmpty() ? e.toString() : text)
                + (named.isEmpty() ? "" : " (check " + String.join(", ", named) + ")");
        return rejected(what, forced, reason, e);
    }

    private static IllegalArgumentException rejected(String what, String forced, String reason, Throwable cause) {
        return new IllegalArgumentException(what + " cannot work: " + reason
                + (forced.isEmpty() ? "" : " (" + forced + ")"), cause);
    }
}

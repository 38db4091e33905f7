package io.dionysus.runtime.outbox;

import io.dionysus.runtime.internal.KafkaSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The relay's producer settings, checked when the relay is built: a setting that contradicts what the relay forces
 * ({@code acks=all}, {@code enable.idempotence=true}, no {@code transactional.id}) is refused rather than silently
 * overridden, then the client's own checks run (also those only its constructor makes). The values the relay reads
 * itself are parsed as Kafka parses them (e.g. trimmed).
 */
final class RelayProducerSettings {

    private static final String WHAT = "the outbox relay's producer settings";
    private static final String FORCED = "acks=all and enable.idempotence=true are forced";

    private final Map<String, Object> config;
    private final long maxBlockMs;

    private RelayProducerSettings(Map<String, Object> config, long maxBlockMs) {
        this.config = Map.copyOf(config);
        this.maxBlockMs = maxBlockMs;
    }

    /**
     * @param settings the defaults and the application's settings
     * @throws IllegalArgumentException naming the property, when a setting cannot work
     */
    static RelayProducerSettings check(Map<String, Object> settings) {
        rejectUnless(settings, ProducerConfig.ACKS_CONFIG, Set.of("all", "-1"),
                "the relay forces acks=all: a row is marked published only once every in-sync replica has it");
        rejectUnless(settings, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Set.of("true"),
                "the relay forces enable.idempotence=true: a retried send must neither duplicate nor reorder rows");
        KafkaSettings.rejectTransactionalId(settings, WHAT);
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        ProducerConfig parsed = KafkaSettings.checkProducer(config, WHAT, FORCED);
        return new RelayProducerSettings(config, parsed.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG));
    }

    /** The producer's settings, forced ones included. */
    Map<String, Object> config() {
        return config;
    }

    /** {@code max.block.ms}, as the client reads it. */
    long maxBlockMs() {
        return maxBlockMs;
    }

    private static void rejectUnless(Map<String, Object> settings, String name, Set<String> allowed, String why) {
        if (!settings.containsKey(name)) {
            return;
        }
        Object value = settings.get(name);
        if (value == null || !allowed.contains(value.toString().trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(WHAT + " cannot work: " + name + "=" + value + " contradicts the relay ("
                    + why + "); remove " + name);
        }
    }
}

package io.dionysus.runtime.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks Kafka client settings when a relay or consumer is built, as the client checks them when it starts (types,
 * ranges, the idempotent producer's conflicts, the form of {@code bootstrap.servers}), so that a setting that cannot
 * work fails the build with the property's name instead of failing later at every send. Shared by the relay and the
 * consumer; not API.
 */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    /**
     * Checks producer settings (the String key and byte-array value serializers the runtime uses are assumed).
     *
     * @param what whose settings, for the message, e.g. "the outbox relay's producer settings"
     * @param forced what the runtime forces, for the message, e.g. "acks=all and enable.idempotence=true are forced"
     * @throws IllegalArgumentException with Kafka's own message, which names the property
     */
    public static void checkProducer(Map<String, Object> settings, String what, String forced) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            checkBootstrapServers(new ProducerConfig(config));
        } catch (ConfigException e) {
            throw rejected(what, forced, e);
        }
    }

    /**
     * Checks consumer settings (the String key and byte-array value deserializers the runtime uses are assumed).
     *
     * @throws IllegalArgumentException with Kafka's own message, which names the property
     */
    public static void checkConsumer(Map<String, Object> settings, String what, String forced) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try {
            checkBootstrapServers(new ConsumerConfig(config));
        } catch (ConfigException e) {
            throw rejected(what, forced, e);
        }
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

    private static IllegalArgumentException rejected(String what, String forced, ConfigException e) {
        return new IllegalArgumentException(what + " cannot work: " + e.getMessage()
                + (forced.isEmpty() ? "" : " (" + forced + ")"), e);
    }
}

package io.dionysus.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The opt-in Testcontainers path ({@code DIONYSUS_KAFKA=testcontainers}), only where a Docker engine answers.
 * Kept in its own class so the optional Testcontainers dependency is loaded only on that path.
 */
final class ContainerKafka implements AutoCloseable {

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    static ContainerKafka startIfDockerAvailable() {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
        } catch (NoClassDefFoundError e) {
            return null;
        }
        KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.1");
        container.start();
        return new ContainerKafka(container);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}

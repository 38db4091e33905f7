package io.dionysus.runtime.spi;

import java.util.List;

/**
 * Lists the generated classes of one compilation unit. The processor writes one implementation per module, in its
 * top package, and lists it in {@code META-INF/services/io.dionysus.runtime.spi.DionysusRegistry}; the runtime
 * finds them with {@link java.util.ServiceLoader}, never by reflection.
 */
public interface DionysusRegistry {

    /** The published models, sorted by class name. */
    List<ModelRegistration<?>> models();

    /**
     * Topics whose messages the relay partitions as Ruby producers do ({@code Partitioning.RUBY}). Default: those
     * of {@link #models()}.
     */
    default List<String> rubyPartitionedTopics() {
        return models().stream().flatMap(model -> model.model().rubyPartitionedTopics().stream()).distinct().toList();
    }

    /** The synced (consumer-side) models' factories, sorted by class name. */
    default List<io.dionysus.runtime.DionysusModelFactory<?>> modelFactories() {
        return List.of();
    }

    /** The consumed topics declared with {@code @DionysusConsumerTopic}, in declaration order. */
    default List<ConsumerTopic> consumerTopics() {
        return List.of();
    }
}

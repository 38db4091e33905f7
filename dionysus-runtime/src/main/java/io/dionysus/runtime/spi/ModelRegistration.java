package io.dionysus.runtime.spi;

import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.DionysusSerializer;
import io.dionysus.runtime.outbox.Outbox;
import java.util.List;
import java.util.function.Function;

/**
 * One published model as the generated registry lists it.
 *
 * @param modelClass the model class
 * @param serializer its generated serializer
 * @param publisherFactory makes its generated publisher for an outbox
 * @param topics the topics it is published on
 * @param <T> the model type
 */
public record ModelRegistration<T>(
        Class<T> modelClass,
        DionysusSerializer<T> serializer,
        Function<Outbox, DionysusPublisher<T>> publisherFactory,
        List<String> topics) {
}

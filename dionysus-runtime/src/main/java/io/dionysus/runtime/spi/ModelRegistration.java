package io.dionysus.runtime.spi;

import io.dionysus.runtime.DionysusPublisher;
import io.dionysus.runtime.DionysusSerializer;
import io.dionysus.runtime.PublishedModel;
import io.dionysus.runtime.outbox.Outbox;
import java.util.List;
import java.util.function.Function;

/**
 * One published model as the generated registry lists it.
 *
 * @param modelClass the model class
 * @param model its facts (topics, keys, parents, observers), the generated {@code <Model>DionysusPublisher.MODEL}
 * @param publisherClass its generated publisher's class, e.g. for a framework to declare it as a bean's type
 * @param publisherFactory makes its generated publisher for an outbox
 * @param <T> the model type
 */
public record ModelRegistration<T>(
        Class<T> modelClass,
        PublishedModel<T> model,
        Class<? extends DionysusPublisher<T>> publisherClass,
        Function<Outbox, ? extends DionysusPublisher<T>> publisherFactory) {

    /** Its generated serializer. */
    public DionysusSerializer<T> serializer() {
        return model.serializer();
    }

    /** The topics it is published on, genesis twins after their topic. */
    public List<String> topics() {
        return model.topics();
    }
}

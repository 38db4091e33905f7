package io.dionysus.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Subscribes this application to the topic {@code <namespace>_<name>}, as dionysus-rb's
 * {@code Dionysus::Consumer.declare { namespace :dionysus_demo { topic :users } }}. Put it on any class of the
 * consuming module, typically the synced model or the application class; the consumer reads the topics of every
 * compiled registry.
 *
 * <pre>{@code
 * @DionysusConsumerTopic(namespace = "dionysus_demo", name = "users")
 * @SyncedModel
 * public class User { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DionysusConsumerTopic.List.class)
public @interface DionysusConsumerTopic {

    /** The producer's namespace, e.g. {@code "dionysus_demo"}. Required. */
    String namespace();

    /** The topic's name, e.g. {@code "users"}: the consumer reads {@code <namespace>_<name>}. Required. */
    String name();

    /**
     * Where messages that cannot be applied go, with headers naming the original topic, partition, offset and the
     * error. Default {@code ""}: {@code <namespace>_<name>_dlq}.
     */
    String deadLetterTopic() default "";

    /** Holds repeated {@link DionysusConsumerTopic} annotations; written by the compiler, not by hand. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated annotations. */
        DionysusConsumerTopic[] value();
    }
}

package io.dionysus.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Publishes the annotated domain model on the Kafka topic {@code <namespace>_<name>}, as dionysus-rb's
 * {@code namespace :dionysus_demo { topic :users { publish User } }} does.
 *
 * <pre>{@code
 * @DionysusTopic(namespace = "dionysus_demo", name = "users")   // topic dionysus_demo_users
 * public class User { ... }
 * }</pre>
 *
 * <p>Compiling generates {@code UserDionysusSerializer} and {@code UserDionysusPublisher}. Each create, update or
 * destroy passed to the publisher writes one row per topic into the {@code dionysus_outboxes} table, inside the
 * caller's transaction. Repeat the annotation to publish one model on several topics.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DionysusTopic.List.class)
public @interface DionysusTopic {

    /**
     * The namespace (an API-version group in the gem), e.g. {@code "dionysus_demo"} or {@code "v3"}. Together with
     * {@link #name()} it must form a legal Kafka topic name: letters, digits, {@code .}, {@code _} and {@code -}.
     * Required.
     */
    String namespace();

    /** The topic's own name, e.g. {@code "users"}: the Kafka topic is {@code <namespace>_<name>}. Required. */
    String name();

    /**
     * The member whose value is the Kafka partition key of every message of this model on this topic, by Java name
     * or wire name, e.g. {@code partitionKey = "accountId"} or {@code "account_id"}. The value is read when the
     * outbox row is written and stored on it, so a destroyed record keeps its partition.
     *
     * <p>Default {@code ""}: like the gem's {@code default_partition_key :account_id}, use the model's
     * {@code accountId} member if it has one, else no partition key (Kafka then partitions by the message key
     * {@code "<Model>:<id>"}).
     */
    String partitionKey() default "";

    /**
     * Also publish every message to the twin topic {@code <namespace>_<name>_genesis} (an infinite-retention copy
     * used for backfills), as the gem's {@code genesis_replica: true}. Default {@code false}.
     */
    boolean genesisReplica() default false;

    /** Holds repeated {@link DionysusTopic} annotations; written by the compiler, not by hand. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated annotations. */
        DionysusTopic[] value();
    }
}

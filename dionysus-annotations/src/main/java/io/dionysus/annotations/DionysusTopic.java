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
     * The model's name on the wire when it is not the simple class name, e.g. {@code modelName = "Admin::User"}
     * for a topic shared with a Ruby service publishing the namespaced class {@code Admin::User}. Everything else
     * derives from it as the gem derives it: {@code "model_name":"Admin::User"}, the event prefix
     * {@code admin_user} ({@code admin_user_created}, ActiveSupport's {@code underscore} with {@code ::} as
     * {@code _}) and the message key {@code Admin::User:1}. A model has one name: when several topics give it,
     * they must give the same one; topics that omit it take it too. It must be a Ruby constant path (capitalized
     * segments of letters, digits and {@code _} joined by {@code ::}); anything else is a compile error.
     * Default {@code ""}: the simple class name.
     */
    String modelName() default "";

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
     * A method of the model computing the partition key, as the gem's {@code partition_key: ->(record) { … }}:
     * its value's {@code toString()} is the key as it is (not coerced as an attribute key is under
     * {@link Partitioning#RUBY}), and {@code null} means no partition key (the message is partitioned by its key).
     * E.g. {@code partitionKeyResolver = "tenantKey"} for {@code String tenantKey()}. Not together with
     * {@link #partitionKey()}. Default {@code ""}: none.
     */
    String partitionKeyResolver() default "";

    /**
     * Also publish every message to the twin topic {@code <namespace>_<name>_genesis} (an infinite-retention copy
     * used for backfills), as the gem's {@code genesis_replica: true}. Default {@code false}.
     */
    boolean genesisReplica() default false;

    /**
     * Dependencies sideloaded into this model's payload whose changes republish this model, as the gem's
     * {@code publish Account, with: [Rental]}, e.g. {@code with = Rental.class}. The model needs a
     * {@code @Serialize} relationship to each (a member of that type or a collection of it): its records are
     * written after {@code "links"} under the relationship's name when that name is the dependency's underscored
     * model name, plural or singular ({@code rentals}, {@code rental}; {@code admin_members} for
     * {@code Admin::Member}), the gem's include list; a relationship of another name is only linked (a compile
     * warning says so). Each dependency needs a member leading back to
     * this model; creating, updating or destroying one writes an {@code <model>_updated} row for this model in the
     * same transaction. A dependency needs no {@code @DionysusTopic} of its own. Default: none.
     */
    Class<?>[] with() default {};

    /**
     * How the relay picks the partition of a message with a partition key. Default {@link Partitioning#KAFKA}.
     * Use {@link Partitioning#RUBY} for topics that Ruby producers of dionysus-rb also write, so one aggregate
     * lands on one partition whoever publishes it.
     */
    Partitioning partitioning() default Partitioning.KAFKA;

    /** What a tombstone's Kafka value is. Default {@link TombstoneValue#NULL}: a real null (log compaction deletes). */
    TombstoneValue tombstone() default TombstoneValue.NULL;

    /** Partitioners of {@link #partitioning()}. */
    enum Partitioning {
        /** Kafka's default partitioner (murmur2) applied to the partition key; without one, to the message key. */
        KAFKA,
        /**
         * As a dionysus-rb producer through librdkafka's {@code consistent_random}: CRC-32 of the partition key
         * modulo the partition count (of its first n UTF-8 bytes, n its character count, as rdkafka-ruby passes
         * it); an empty key goes to partition 0; an attribute partition key is coerced as Ruby's
         * {@code to_i.to_s} (nil becomes {@code "0"}), as the gem does. Without a partition key, CRC-32 of the
         * message key.
         */
        RUBY
    }

    /** Tombstone values of {@link #tombstone()}. */
    enum TombstoneValue {
        /** A real Kafka null value. */
        NULL,
        /** The gem's 4-byte JSON text {@code null}. */
        JSON_NULL
    }

    /** Holds repeated {@link DionysusTopic} annotations; written by the compiler, not by hand. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated annotations. */
        DionysusTopic[] value();
    }
}

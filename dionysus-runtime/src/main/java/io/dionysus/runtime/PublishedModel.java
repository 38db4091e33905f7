package io.dionysus.runtime;

import io.dionysus.runtime.internal.ModelSupport;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What one published model is, as the processor read it from its annotations: its serializer, its topics (with
 * genesis twins, partition key, sideloads and tombstone value), its soft-delete member, the {@code with} parents
 * it republishes and the observers it triggers. The generated {@code <Model>DionysusPublisher.MODEL} constant is
 * the only place these facts live; {@link DionysusPublisher} turns them into outbox rows, the same way for the
 * explicit API, the Hibernate capture and the Spring integration.
 *
 * <p>Immutable and thread-safe. Related models are given as suppliers so that models referring to each other
 * ({@code Account with Rental}, {@code Rental} republishing {@code Account}) can be initialized in any order.
 *
 * <pre>{@code
 * public static final PublishedModel<Rental> MODEL = PublishedModel.builder(RentalDionysusSerializer.INSTANCE)
 *         .topic("v3_rentals", topic -> topic.genesisReplica().rubyPartitioning().partitionKey(Rental::getAccountId))
 *         .parent(() -> AccountDionysusPublisher.MODEL, Rental::getAccount, "v3_accounts")
 *         .build();
 * }</pre>
 *
 * @param <T> the model type
 */
public final class PublishedModel<T> {

    private final DionysusSerializer<T> serializer;
    private final List<Topic<T>> topics;
    private final List<String> allTopics;
    private final Predicate<T> softDeleted;
    private final List<String> softDeleteNames;
    private final boolean publishUpdatesWhenDeleted;
    private final List<Related<T, ?>> parents;
    private final List<Related<T, ?>> observers;

    private PublishedModel(Builder<T> builder) {
        this.serializer = builder.serializer;
        this.topics = List.copyOf(builder.topics);
        List<String> all = new ArrayList<>();
        for (Topic<T> topic : topics) {
            all.add(topic.name);
            if (topic.genesisReplica) {
                all.add(topic.genesisName());
            }
        }
        this.allTopics = List.copyOf(all);
        this.softDeleted = builder.softDeleted;
        this.softDeleteNames = builder.softDeleteNames;
        this.publishUpdatesWhenDeleted = builder.publishUpdatesWhenDeleted;
        this.parents = List.copyOf(builder.parents);
        this.observers = List.copyOf(builder.observers);
    }

    /** Starts the description of a model written by {@code serializer}. */
    public static <T> Builder<T> builder(DionysusSerializer<T> serializer) {
        return new Builder<>(serializer);
    }

    /** The generated serializer. */
    public DionysusSerializer<T> serializer() {
        return serializer;
    }

    /** The wire model name, e.g. {@code User}; the message key is {@code <modelName>:<id>}. */
    public String modelName() {
        return serializer.modelName();
    }

    /**
     * Every topic the model is published on, in declaration order, each followed by its genesis twin if it has
     * one. Empty for a model that is only a {@code with} dependency.
     */
    public List<String> topics() {
        return allTopics;
    }

    /** The primary topics (without genesis twins), in declaration order. */
    public List<String> primaryTopics() {
        return topics.stream().map(topic -> topic.name).toList();
    }

    /**
     * The facts of each primary topic, in declaration order, for tools that describe the topics (the
     * {@code dionysus topics} command); publishing does not need them.
     */
    public List<TopicFacts> topicFacts() {
        return topics.stream().map(topic -> new TopicFacts(topic.name,
                topic.genesisReplica ? topic.genesisName() : null, topic.partitionKey != null, topic.resolver,
                topic.rubyPartitioning, topic.jsonNullTombstone, topic.sideloads)).toList();
    }

    /**
     * What one primary topic of a model is.
     *
     * @param topic the topic, {@code <namespace>_<name>}
     * @param genesisTwin its {@code _genesis} twin, or {@code null} when it has none
     * @param partitionKey whether rows carry a partition key (else Kafka partitions by the message key)
     * @param partitionKeyResolver whether that key comes from a resolver method rather than an attribute
     * @param rubyPartitioning whether the relay partitions as librdkafka's {@code consistent_random} does
     * @param jsonNullTombstone whether tombstones are the gem's 4-byte text {@code null} (else a Kafka null value)
     * @param sideloads the sideloaded relationships: bit i for the serializer's i-th relationship
     */
    public record TopicFacts(String topic, String genesisTwin, boolean partitionKey, boolean partitionKeyResolver,
            boolean rubyPartitioning, boolean jsonNullTombstone, int sideloads) {
    }

    /** Whether any topic has a {@code _genesis} twin. */
    public boolean hasGenesisTwins() {
        return topics.stream().anyMatch(topic -> topic.genesisReplica);
    }

    /** The topics whose relay partitions as Ruby producers do ({@code Partitioning.RUBY}), twins included. */
    public List<String> rubyPartitionedTopics() {
        List<String> ruby = new ArrayList<>();
        for (Topic<T> topic : topics) {
            if (topic.rubyPartitioning) {
                ruby.add(topic.name);
                if (topic.genesisReplica) {
                    ruby.add(topic.genesisName());
                }
            }
        }
        return ruby;
    }

    /** Whether the model is published on the primary topic {@code topic}. */
    boolean publishedOn(String topic) {
        return topic(topic) != null;
    }

    /** The sideload mask of the primary topic {@code topic}; 0 when the model is not published there. */
    int sideloadsOn(String topic) {
        Topic<T> declared = topic(topic);
        return declared == null ? 0 : declared.sideloads;
    }

    /** Whether the model declares {@code topic} with a genesis twin. */
    boolean genesisReplicaOn(String topic) {
        Topic<T> declared = topic(topic);
        return declared != null && declared.genesisReplica;
    }

    private Topic<T> topic(String name) {
        for (Topic<T> candidate : topics) {
            if (candidate.name.equals(name)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether the model has a soft-delete member ({@code canceledAt} or {@code @SoftDelete}). */
    public boolean softDeletable() {
        return softDeleted != null;
    }

    /** Whether the model is soft-deleted now; {@code false} for a model without a soft-delete member. */
    public boolean softDeleted(T model) {
        return softDeleted != null && softDeleted.test(model);
    }

    /** Whether a change set names the soft-delete member (by its Java or wire name). */
    boolean softDeleteChanged(Set<String> changed) {
        for (String name : softDeleteNames) {
            if (changed.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether updates of a soft-deleted record are published ({@code @SoftDelete(publishUpdatesWhenDeleted)}). */
    public boolean publishUpdatesWhenDeleted() {
        return publishUpdatesWhenDeleted;
    }

    /**
     * The rows of one event about {@code model} on one of its primary topics: the topic's own row and its genesis
     * twin's, or only the twin's when {@code genesisOnly} (none when the topic has no twin). The payload is
     * serialized now, with the topic's sideloads; a {@code DESTROYED} event writes {@code {"links":{},"id":…}}.
     *
     * @throws IllegalArgumentException when the model is not published on {@code topic}, or has no id
     */
    public List<OutboxEntry> rows(Envelope.Event event, T model, String topic, boolean genesisOnly) {
        for (Topic<T> candidate : topics) {
            if (candidate.name.equals(topic)) {
                List<OutboxEntry> rows = new ArrayList<>(2);
                addRows(rows, event, model, candidate, genesisOnly, null);
                return rows;
            }
        }
        throw new IllegalArgumentException(modelName() + " is not published on " + topic
                + (topics.isEmpty() ? " (it is published on no topic)" : " but on " + primaryTopics()));
    }

    /** The rows of one event on every primary topic (and twins), sharing payloads between equal sideloads. */
    void addOwnRows(List<OutboxEntry> rows, Envelope.Event event, T model, boolean genesisOnly) {
        String[] payloads = new String[topics.size()];
        for (int i = 0; i < topics.size(); i++) {
            Topic<T> topic = topics.get(i);
            String payload = null;
            for (int j = 0; j < i; j++) {
                if (topics.get(j).sideloads == topic.sideloads && payloads[j] != null) {
                    payload = payloads[j];
                    break;
                }
            }
            payloads[i] = addRows(rows, event, model, topic, genesisOnly, payload);
        }
    }

    private String addRows(List<OutboxEntry> rows, Envelope.Event event, T model, Topic<T> topic,
            boolean genesisOnly, String payload) {
        if (genesisOnly && !topic.genesisReplica) {
            return payload;
        }
        String eventName = event.eventName(serializer.eventPrefix());
        String id = serializer.id(model);
        String key = modelName() + ':' + id;
        if (payload == null) {
            payload = Envelope.single(eventName, serializer, model, event == Envelope.Event.DESTROYED,
                    topic.sideloads);
        }
        String partitionKey = topic.partitionKey(model);
        if (!genesisOnly) {
            rows.add(new OutboxEntry(modelName(), id, eventName, topic.name, partitionKey, key, payload, null));
        }
        if (topic.genesisReplica) {
            rows.add(new OutboxEntry(modelName(), id, eventName, topic.genesisName(), partitionKey, key, payload,
                    null));
        }
        return payload;
    }

    /**
     * The tombstone rows of {@code model}: one per topic and twin, with the model's key and a null value (or the
     * gem's 4-byte text {@code null} where the topic says {@code JSON_NULL}).
     */
    public List<OutboxEntry> tombstoneRows(T model) {
        if (topics.isEmpty()) {
            return List.of();
        }
        String id = serializer.id(model);
        String key = modelName() + ':' + id;
        String eventName = serializer.eventPrefix() + "_tombstone";
        List<OutboxEntry> rows = new ArrayList<>();
        for (Topic<T> topic : topics) {
            String payload = topic.jsonNullTombstone ? "null" : null;
            String partitionKey = topic.partitionKey(model);
            rows.add(new OutboxEntry(modelName(), id, eventName, topic.name, partitionKey, key, payload, null));
            if (topic.genesisReplica) {
                rows.add(new OutboxEntry(modelName(), id, eventName, topic.genesisName(), partitionKey, key, payload,
                        null));
            }
        }
        return rows;
    }

    /** Adds the {@code <parent>_updated} rows of every {@code with} parent of {@code model}. */
    void addParentRows(List<OutboxEntry> rows, T model, Reached reached) {
        for (Related<T, ?> parent : parents) {
            parent.addRows(rows, model, reached);
        }
    }

    /** Adds the {@code <observer>_updated} rows of the observers of changed attributes; {@code null}: all. */
    void addObserverRows(List<OutboxEntry> rows, T model, Set<String> changed, Reached reached) {
        for (Related<T, ?> observer : observers) {
            if (changed == null || observer.triggeredBy(changed)) {
                observer.addRows(rows, model, reached);
            }
        }
    }

    /** Whether the model republishes any {@code with} parent or observer. */
    public boolean hasDependents() {
        return !parents.isEmpty() || !observers.isEmpty();
    }

    @Override
    public String toString() {
        return "PublishedModel[" + modelName() + " on " + allTopics + "]";
    }

    /** One primary topic of the model. */
    private static final class Topic<T> {
        final String name;
        final int sideloads;
        final boolean genesisReplica;
        final boolean rubyPartitioning;
        final boolean jsonNullTombstone;
        final Function<? super T, ?> partitionKey;
        final boolean resolver;

        Topic(String name, TopicBuilder<T> builder) {
            this.name = name;
            this.sideloads = builder.sideloads;
            this.genesisReplica = builder.genesisReplica;
            this.rubyPartitioning = builder.rubyPartitioning;
            this.jsonNullTombstone = builder.jsonNullTombstone;
            this.partitionKey = builder.partitionKey;
            this.resolver = builder.resolver;
        }

        String genesisName() {
            return name + "_genesis";
        }

        /**
         * The partition key read now: an attribute's as Ruby's {@code to_i.to_s} under Ruby partitioning, else its
         * text; a resolver's text as it is, {@code null} for none (the gem's lambda).
         */
        String partitionKey(T model) {
            if (partitionKey == null) {
                return null;
            }
            Object value = partitionKey.apply(model);
            return rubyPartitioning && !resolver ? ModelSupport.rubyKeyText(value) : ModelSupport.keyText(value);
        }
    }

    /** A parent or observer: a model reached from this one and republished as {@code _updated} on some topics. */
    private record Related<T, P>(Supplier<PublishedModel<P>> target, Function<? super T, ? extends Iterable<P>> path,
            List<String> topics, Set<String> attributes) {

        @SuppressWarnings("unchecked") // a resolver returns the reached object or a copy of the same model
        void addRows(List<OutboxEntry> rows, T model, Reached resolver) {
            Iterable<P> reached = path.apply(model);
            if (reached == null) {
                return;
            }
            PublishedModel<P> targetModel = target.get();
            for (P each : reached) {
                P resolved = each == null ? null : (P) resolver.resolve(each);
                if (resolved == null) {
                    continue;
                }
                for (String topic : topics) {
                    rows.addAll(targetModel.rows(Envelope.Event.UPDATED, resolved, topic, false));
                }
            }
        }

        boolean triggeredBy(Set<String> changed) {
            for (String attribute : attributes) {
                if (changed.contains(attribute)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Configures one topic; see {@link Builder#topic(String, Consumer)}. */
    public static final class TopicBuilder<T> {
        private int sideloads;
        private boolean genesisReplica;
        private boolean rubyPartitioning;
        private boolean jsonNullTombstone;
        private Function<? super T, ?> partitionKey;
        private boolean resolver;

        private TopicBuilder() {
        }

        /** The relationships sideloaded on this topic: bit i for the serializer's i-th relationship. Default 0. */
        public TopicBuilder<T> sideloads(int mask) {
            this.sideloads = mask;
            return this;
        }

        /** Every row is also written to {@code <topic>_genesis} ({@code genesisReplica = true}). */
        public TopicBuilder<T> genesisReplica() {
            this.genesisReplica = true;
            return this;
        }

        /** Partition keys are Ruby's {@code to_i.to_s} and the relay partitions with CRC-32 ({@code RUBY}). */
        public TopicBuilder<T> rubyPartitioning() {
            this.rubyPartitioning = true;
            return this;
        }

        /** Tombstones are the gem's 4-byte text {@code null} instead of a Kafka null value. */
        public TopicBuilder<T> jsonNullTombstone() {
            this.jsonNullTombstone = true;
            return this;
        }

        /**
         * The attribute whose value, read when the row is written, is the partition key; under Ruby partitioning
         * coerced as Ruby's {@code to_i.to_s} (the gem's symbol partition key). Default: none.
         */
        public TopicBuilder<T> partitionKey(Function<? super T, ?> partitionKey) {
            this.partitionKey = Objects.requireNonNull(partitionKey);
            this.resolver = false;
            return this;
        }

        /**
         * A resolver whose value's text is the partition key as it is, {@code null} meaning none (the gem's lambda
         * partition key). Default: none.
         */
        public TopicBuilder<T> partitionKeyResolver(Function<? super T, ?> resolver) {
            this.partitionKey = Objects.requireNonNull(resolver);
            this.resolver = true;
            return this;
        }
    }

    /** Builds a {@link PublishedModel}; used by generated publishers. */
    public static final class Builder<T> {
        private final DionysusSerializer<T> serializer;
        private final List<Topic<T>> topics = new ArrayList<>();
        private Predicate<T> softDeleted;
        private List<String> softDeleteNames = List.of();
        private boolean publishUpdatesWhenDeleted;
        private final List<Related<T, ?>> parents = new ArrayList<>();
        private final List<Related<T, ?>> observers = new ArrayList<>();

        private Builder(DionysusSerializer<T> serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
        }

        /** A primary topic, {@code <namespace>_<name>}, configured by {@code options}. */
        public Builder<T> topic(String name, Consumer<TopicBuilder<T>> options) {
            TopicBuilder<T> topic = new TopicBuilder<>();
            options.accept(topic);
            topics.add(new Topic<>(name, topic));
            return this;
        }

        /** A primary topic with the defaults: no sideloads, no twin, Kafka's partitioner, null tombstones. */
        public Builder<T> topic(String name) {
            return topic(name, topic -> { });
        }

        /**
         * The soft-delete member: {@code deleted} tells whether a model is soft-deleted now; {@code names} are the
         * member's Java and wire names, as they appear in change sets.
         */
        public Builder<T> softDelete(Predicate<T> deleted, boolean publishUpdatesWhenDeleted, String... names) {
            this.softDeleted = Objects.requireNonNull(deleted);
            this.publishUpdatesWhenDeleted = publishUpdatesWhenDeleted;
            this.softDeleteNames = List.of(names);
            return this;
        }

        /** A {@code with} parent reached through a to-one member; republished as {@code _updated} on {@code topics}. */
        public <P> Builder<T> parent(Supplier<PublishedModel<P>> parent, Function<? super T, ? extends P> association,
                String... topics) {
            parents.add(new Related<T, P>(parent, model -> Collections.singletonList(association.apply(model)),
                    List.of(topics), Set.of()));
            return this;
        }

        /** A {@code with} parent reached through a to-many member. */
        public <P> Builder<T> parents(Supplier<PublishedModel<P>> parent,
                Function<? super T, ? extends Iterable<P>> association, String... topics) {
            parents.add(new Related<>(parent, association, List.of(topics), Set.of()));
            return this;
        }

        /**
         * An observer: when one of {@code attributes} (Java or wire names) changes, every model {@code path}
         * reaches is republished as {@code _updated} on {@code topics}.
         */
        public <P> Builder<T> observer(Supplier<PublishedModel<P>> observer, Set<String> attributes,
                Function<? super T, ? extends Iterable<P>> path, String... topics) {
            observers.add(new Related<>(observer, path, List.of(topics), Set.copyOf(attributes)));
            return this;
        }

        public PublishedModel<T> build() {
            return new PublishedModel<>(this);
        }
    }
}

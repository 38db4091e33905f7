package io.dionysus.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Kafka message carrying several events, each with one or more records of one model, under a key and
 * partition key the caller chooses: the gem's {@code responder.call(batch, key:, partition_key:)} (reference P10,
 * §5.4, §5.8), e.g. a bulk change of one account's records keyed {@code RecordsCollection:7}.
 *
 * <pre>{@code
 * BatchMessage.on("v3_rentals")
 *         .event(Envelope.Event.CREATED, RentalDionysusPublisher.MODEL, List.of(villa, thalassa))
 *         .event(Envelope.Event.DESTROYED, ClientDionysusPublisher.MODEL, List.of(client))
 *         .key("RecordsCollection:7")
 *         .partitionKey("7")
 *         .write(outbox, connection);   // one outbox row per topic (and genesis twin), in the caller's transaction
 * }</pre>
 *
 * <p>The value is {@code {"message":[{"event":"rental_created","model_name":"Rental","data":[{…},{…}]},
 * {"event":"client_destroyed","model_name":"Client","data":[{"links":{},"id":1}]}]}}, the events in the order
 * given, as the gem writes it: {@code model_name} is each model's wire name; each record is written by its model's
 * serializer with the sideloads that model has on this topic (none when it is not published on it, as the gem's
 * {@code NullRegistration}); a {@code DESTROYED} event writes each record's {@code {"links":{},"id":…}}, a
 * {@code CANCELED} one the full snapshot as {@code _destroyed}. A message goes to {@code <topic>_genesis} too when
 * any of its models declares the topic with a genesis twin (only there with {@link #genesisOnly()}).
 *
 * <p>Differences from the gem, deliberate: an event without records is refused (the gem silently drops the whole
 * message, its defect 8), and a key is required (the relay keeps messages of one key in order). The outbox row's
 * {@code resource_class}, {@code resource_id} and {@code event_name} are those of the first event's first record.
 * Not thread-safe while being built; the payload is serialized when {@link #rows()} or {@code write} is called.
 */
public final class BatchMessage {

    private final String topic;
    private final DionysusModels models;
    private final List<Part<?>> parts = new ArrayList<>();
    private String key;
    private String partitionKey;
    private boolean genesisOnly;

    private BatchMessage(String topic, DionysusModels models) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * A message for the primary topic {@code topic} ({@code <namespace>_<name>}, not its genesis twin). The models
     * of the generated registries on the class path ({@link DionysusModels#load()}) tell a record of another
     * published model (a subclass model) from a record of the model given.
     */
    public static BatchMessage on(String topic) {
        return new BatchMessage(topic, Registered.MODELS);
    }

    /** As {@link #on(String)}, with these models in place of the class path's registries. */
    static BatchMessage on(String topic, DionysusModels models) {
        return new BatchMessage(topic, models);
    }

    /** The class path's registries, loaded once. */
    private static final class Registered {
        static final DionysusModels MODELS = DionysusModels.load();
    }

    /**
     * Adds an event about {@code records} of {@code model}, named {@code <model prefix>_<suffix>} (e.g.
     * {@code rental_created}).
     *
     * @throws IllegalArgumentException when {@code records} is empty, or a record's class is itself another
     *         published model (a {@code SportsCar extends Car} under {@code Car}'s model would lose its own
     *         model name and attributes: add it with its own model)
     */
    public <T> BatchMessage event(Envelope.Event event, PublishedModel<T> model, Iterable<? extends T> records) {
        Objects.requireNonNull(event, "event");
        return add(event.eventName(model.serializer().eventPrefix()), event == Envelope.Event.DESTROYED, model,
                records);
    }

    /**
     * Adds an event of any name with the full records, as the gem's responder takes any event name (e.g.
     * {@code rental_completed}, which consumers of the gem ignore).
     *
     * @throws IllegalArgumentException when {@code eventName} is blank or has an unpaired surrogate, or
     *         {@code records} is empty or holds a record of another published model
     */
    public <T> BatchMessage event(String eventName, PublishedModel<T> model, Iterable<? extends T> records) {
        if (eventName == null || eventName.isBlank()) {
            throw new IllegalArgumentException("an event needs a name, e.g. rental_completed");
        }
        requireWellFormed("event name", eventName);
        return add(eventName, false, model, records);
    }

    private <T> BatchMessage add(String eventName, boolean hardDeleted, PublishedModel<T> model,
            Iterable<? extends T> records) {
        Objects.requireNonNull(model, "model");
        List<T> list = new ArrayList<>();
        for (T record : Objects.requireNonNull(records, "records")) {
            list.add(Objects.requireNonNull(record, "a record of " + eventName + " is null"));
            io.dionysus.runtime.spi.ModelRegistration<?> own = models.find(record.getClass());
            if (own != null && own.model() != model) {
                throw new IllegalArgumentException("a record of " + eventName + " is a "
                        + record.getClass().getName() + ", itself the published model " + own.model().modelName()
                        + "; written as " + model.modelName() + " it would lose its model name and attributes: add"
                        + " it in an event of its own model ("
                        + (own.publisherClass() == null ? "its publisher's MODEL"
                                : own.publisherClass().getSimpleName() + ".MODEL") + ")");
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(eventName + " has no records; the gem would drop the whole message"
                    + " silently: leave the event out instead");
        }
        parts.add(new Part<>(eventName, hardDeleted, model, List.copyOf(list)));
        return this;
    }

    /**
     * The Kafka key, e.g. {@code RecordsCollection:7} (the gem's {@code key:}). Required.
     *
     * @throws IllegalArgumentException when it is empty or has an unpaired surrogate (it would reach Kafka as
     *         {@code ?})
     */
    public BatchMessage key(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a message on " + topic + " needs a non-empty key, e.g."
                    + " RecordsCollection:7");
        }
        requireWellFormed("key", key);
        this.key = key;
        return this;
    }

    private void requireWellFormed(String what, String text) {
        int index = io.dionysus.runtime.internal.JsonValues.unpairedSurrogate(text);
        if (index >= 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the %s of a message on %s has"
                    + " an unpaired surrogate U+%04X at index %d: it is not valid Unicode, which Ruby refuses to"
                    + " encode and Dionysus does not change; fix the text", what, topic, (int) text.charAt(index),
                    index));
        }
    }

    /**
     * The partition key as it is, e.g. {@code "7"} (the gem's {@code partition_key:}); {@code null}, the default,
     * partitions by the key. Under {@code Partitioning.RUBY} the relay hashes it with CRC-32 as librdkafka does.
     *
     * @throws IllegalArgumentException when it has an unpaired surrogate
     */
    public BatchMessage partitionKey(String partitionKey) {
        if (partitionKey != null) {
            requireWellFormed("partition key", partitionKey);
        }
        this.partitionKey = partitionKey;
        return this;
    }

    /** Writes the message to the topic's {@code _genesis} twin only (the gem's {@code genesis_only: true}). */
    public BatchMessage genesisOnly() {
        this.genesisOnly = true;
        return this;
    }

    /**
     * The outbox rows of the message: one for the topic and one for its genesis twin if a model declares one
     * (only the twin's with {@link #genesisOnly()}), sharing one payload.
     *
     * @throws IllegalStateException when no event was added, no key was given, none of the message's models is
     *         published on the topic, or {@code genesisOnly} was asked for a topic without a twin
     * @throws IllegalArgumentException when a record cannot be serialized (no id, an unpaired surrogate)
     */
    public List<OutboxEntry> rows() {
        if (parts.isEmpty()) {
            throw new IllegalStateException("a message on " + topic + " needs at least one event");
        }
        if (key == null) {
            throw new IllegalStateException("a message on " + topic + " needs a key, e.g. RecordsCollection:7");
        }
        Set<String> names = new LinkedHashSet<>();
        boolean declared = false;
        boolean twin = false;
        for (Part<?> part : parts) {
            names.add(part.model.modelName());
            declared |= part.model.publishedOn(topic);
            twin |= part.model.genesisReplicaOn(topic);
        }
        if (!declared) {
            throw new IllegalStateException("none of " + names + " is published on " + topic
                    + "; declare the topic with @DionysusTopic on one of them");
        }
        if (genesisOnly && !twin) {
            throw new IllegalStateException("genesisOnly, but no model declares " + topic + " with genesisReplica");
        }
        String payload = Envelope.render(String.join(", ", names), this::writeValue);
        Part<?> first = parts.get(0);
        String resourceId = first.firstId();
        List<OutboxEntry> rows = new ArrayList<>(2);
        if (!genesisOnly) {
            rows.add(new OutboxEntry(first.model.modelName(), resourceId, first.eventName, topic, partitionKey, key,
                    payload, null));
        }
        if (twin) {
            rows.add(new OutboxEntry(first.model.modelName(), resourceId, first.eventName, topic + "_genesis",
                    partitionKey, key, payload, null));
        }
        return rows;
    }

    /** Writes {@link #rows()} on the transaction's connection; nothing while publishing is {@link Suppressor suppressed}. */
    public void write(Outbox outbox, Connection connection) {
        if (!Suppressor.isSuppressed()) {
            outbox.insert(connection, rows());
        }
    }

    /** As {@link #write(Outbox, Connection)}, on the running transaction's connection (the outbox's supplier). */
    public void write(Outbox outbox) {
        if (!Suppressor.isSuppressed()) {
            outbox.insert(rows());
        }
    }

    private void writeValue(JsonGenerator gen) throws java.io.IOException {
        gen.writeStartObject();
        gen.writeFieldName(Envelope.MESSAGE);
        gen.writeStartArray();
        for (Part<?> part : parts) {
            part.write(gen, topic);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /** One event of the message. */
    private record Part<T>(String eventName, boolean hardDeleted, PublishedModel<T> model, List<T> records) {

        String firstId() {
            return model.serializer().id(records.get(0));
        }

        void write(JsonGenerator gen, String topic) throws java.io.IOException {
            DionysusSerializer<T> serializer = model.serializer();
            int sideloads = model.sideloadsOn(topic);
            gen.writeStartObject();
            gen.writeFieldName(Envelope.EVENT);
            io.dionysus.runtime.internal.JsonValues.writeString(gen, eventName); // escaped as ActiveSupport
            gen.writeFieldName(Envelope.MODEL_NAME);
            gen.writeString(model.modelName());
            gen.writeFieldName(Envelope.DATA);
            gen.writeStartArray();
            for (T record : records) {
                serializer.id(record); // a record without id is refused, as on the outbox path
                if (hardDeleted) {
                    serializer.writeDeleted(record, gen);
                } else {
                    serializer.write(record, gen, sideloads);
                }
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }
}

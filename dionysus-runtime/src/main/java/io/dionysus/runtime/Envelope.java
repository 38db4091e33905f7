package io.dionysus.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.dionysus.runtime.internal.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds the Kafka value of dionysus-rb: {@code {"message":[{"event":…,"model_name":…,"data":[{…}]}]}}.
 * The outbox path writes exactly one event with one record per message, as the gem does; {@link BatchMessage} writes
 * several events, each with several records, as the gem's {@code responder.call(batch, key:, partition_key:)}.
 */
public final class Envelope {

    /**
     * The lifecycle events; the event name is {@code <prefix>_<suffix>}, e.g. {@code user_created}.
     * {@code DESTROYED} is a hard delete (payload {@code {"links":{},"id":…}}); {@code CANCELED} is a soft delete,
     * published as {@code _destroyed} with the full snapshot.
     */
    public enum Event {
        CREATED("created"), UPDATED("updated"), DESTROYED("destroyed"), CANCELED("destroyed");

        private final String suffix;

        Event(String suffix) {
            this.suffix = suffix;
        }

        /** {@code created}, {@code updated} or {@code destroyed}. */
        public String suffix() {
            return suffix;
        }

        /** The full event name for a model's event prefix, e.g. {@code user_created}. */
        public String eventName(String prefix) {
            return prefix + '_' + suffix;
        }
    }

    static final SerializableString MESSAGE = new SerializedString("message");
    static final SerializableString EVENT = new SerializedString("event");
    static final SerializableString MODEL_NAME = new SerializedString("model_name");
    static final SerializableString DATA = new SerializedString("data");

    private Envelope() {
    }

    /**
     * The envelope of one event about one record. A {@code DESTROYED} event with {@code hardDeleted} writes the
     * deleted-record form {@code {"links":{},"id":…}}; otherwise the full record is written.
     */
    public static <T> String single(String eventName, DionysusSerializer<T> serializer, T model, boolean hardDeleted) {
        return single(eventName, serializer, model, hardDeleted, 0);
    }

    /** As {@link #single(String, DionysusSerializer, Object, boolean)}, with the relationships to sideload. */
    public static <T> String single(String eventName, DionysusSerializer<T> serializer, T model, boolean hardDeleted,
            int sideloads) {
        return render(serializer.modelName(), gen -> {
            gen.writeStartObject();
            gen.writeFieldName(MESSAGE);
            gen.writeStartArray();
            gen.writeStartObject();
            gen.writeFieldName(EVENT);
            gen.writeString(eventName);
            gen.writeFieldName(MODEL_NAME);
            gen.writeString(serializer.modelName());
            gen.writeFieldName(DATA);
            gen.writeStartArray();
            if (hardDeleted) {
                serializer.writeDeleted(model, gen);
            } else {
                serializer.write(model, gen, sideloads);
            }
            gen.writeEndArray();
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }

    /** Just the record, as it appears inside {@code "data"}; handy in tests and logs. */
    public static <T> String record(DionysusSerializer<T> serializer, T model) {
        return render(serializer.modelName(), gen -> serializer.write(model, gen));
    }

    interface Body {
        void write(JsonGenerator gen) throws IOException;
    }

    /** Renders a value with Jackson's recycled buffers; failures name {@code modelNames} (the models written). */
    static String render(String modelNames, Body body) {
        // Jackson's recycled buffers, as databind's writeValueAsString uses (measured faster here than UTF-8 bytes)
        SegmentedStringWriter out = new SegmentedStringWriter(JsonValues.FACTORY._getBufferRecycler());
        try {
            try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
                body.write(gen);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + modelNames, e);
        } catch (IllegalArgumentException e) {
            // text that cannot be written faithfully (an unpaired surrogate), a missing id: name the model
            throw new IllegalArgumentException("cannot serialize " + modelNames + ": " + e.getMessage(), e);
        }
    }
}

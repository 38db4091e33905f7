package io.dionysus.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes one model instance as a dionysus-rb record: its attributes in declaration order, then {@code "links"}.
 * Implemented by the generated {@code <Model>DionysusSerializer} classes; stateless and thread-safe.
 *
 * @param <T> the model type
 */
public interface DionysusSerializer<T> {

    /** The model name on the wire ({@code "model_name"} and the message key prefix), e.g. {@code "User"}. */
    String modelName();

    /** The event prefix: the gem's underscored model name, e.g. {@code "user"} for {@code user_created}. */
    String eventPrefix();

    /** The model's id as text, as stored in {@code resource_id} and used in the message key {@code User:1}. */
    String id(T model);

    /** Writes the full record without sideloads: attributes, then {@code "links"}. */
    default void write(T model, JsonGenerator gen) throws IOException {
        write(model, gen, 0);
    }

    /**
     * Writes the full record: attributes, {@code "links"}, then the relationships whose bit is set in
     * {@code sideloads} (bit i for the i-th relationship in declaration order), each by its own serializer
     * without further sideloads, as the gem sideloads {@code with} dependencies one level deep.
     */
    void write(T model, JsonGenerator gen, int sideloads) throws IOException;

    /** Writes the model's id value (a number or a string), as links refer to it. */
    void writeId(T model, JsonGenerator gen) throws IOException;

    /** Writes the record of a hard-deleted model: {@code {"links":{},"id":<id>}}. */
    void writeDeleted(T model, JsonGenerator gen) throws IOException;
}

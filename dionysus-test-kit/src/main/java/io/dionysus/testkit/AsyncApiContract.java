package io.dionysus.testkit;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The AsyncAPI documents the Dionysus processor wrote ({@code META-INF/dionysus/asyncapi.yaml}, one per compilation)
 * as a contract tests can check: that each is a valid AsyncAPI 3.0 document (the official JSON Schema,
 * {@code asyncapi/spec-json-schemas} 3.0.0, Apache License 2.0), and that a payload written on a topic validates
 * against the schema of its message there. Validation by networknt's json-schema-validator (draft-07, as the
 * AsyncAPI schema declares): add {@code com.networknt:json-schema-validator} 3.x to your test dependencies.
 *
 * <pre>{@code
 * AsyncApiContract contract = AsyncApiContract.fromClassPath();
 * assertEquals(List.of(), contract.documentErrors());
 * for (OutboxEntry row : rows) {
 *     assertEquals(List.of(), contract.payloadErrors(row.topic(), row.eventName(), row.payload()));
 * }
 * }</pre>
 */
public final class AsyncApiContract {

    /** Where the processor writes the document. */
    public static final String RESOURCE = "META-INF/dionysus/asyncapi.yaml";

    private static final String ASYNCAPI_SCHEMA = "https://dionysus.io/testkit/asyncapi-3.0.0.json";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> documents;
    private final List<JsonNode> trees = new ArrayList<>();
    private final SchemaRegistry registry;

    private AsyncApiContract(List<String> documents) {
        this.documents = List.copyOf(documents);
        Map<String, String> schemas = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode tree = YAML.readTree(documents.get(i));
            trees.add(tree);
            schemas.put(documentIri(i), JSON.writeValueAsString(tree));
        }
        schemas.put(ASYNCAPI_SCHEMA, resource("asyncapi-3.0.0.json"));
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(schemas));
    }

    /**
     * Every document on the class path of the current thread.
     *
     * @throws IllegalStateException when there is none
     */
    public static AsyncApiContract fromClassPath() {
        List<String> texts = new ArrayList<>();
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (URL url : Collections.list(loader.getResources(RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (texts.isEmpty()) {
            throw new IllegalStateException("no " + RESOURCE + " on the class path: compile your models with the"
                    + " Dionysus processor");
        }
        return new AsyncApiContract(texts);
    }

    /** The given documents (YAML or JSON text). */
    public static AsyncApiContract of(String... documents) {
        return new AsyncApiContract(List.of(documents));
    }

    /** The documents' texts, in class path order. */
    public List<String> documents() {
        return documents;
    }

    /** What makes the documents invalid AsyncAPI 3.0: one line per error, prefixed by the document's index; empty when valid. */
    public List<String> documentErrors() {
        Schema asyncApi = registry.getSchema(SchemaLocation.of(ASYNCAPI_SCHEMA));
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            for (Error error : asyncApi.validate(documents.get(i), InputFormat.YAML)) {
                errors.add(i + ": " + error);
            }
        }
        return errors;
    }

    /**
     * What makes a payload not match its message: the channel whose address is {@code topic}, its message named
     * {@code eventName} ({@code user_created}, or {@code user_tombstone} as the outbox names tombstone rows); a
     * {@code null} payload is checked against the model's tombstone message.
     *
     * @return one line per error; empty when it matches
     * @throws IllegalArgumentException when no document has such a channel or message
     */
    public List<String> payloadErrors(String topic, String eventName, String payload) {
        for (int i = 0; i < trees.size(); i++) {
            for (var channel : trees.get(i).path("channels").properties()) {
                if (!topic.equals(channel.getValue().path("address").asString())) {
                    continue;
                }
                // the outbox names a tombstone row <prefix>_tombstone; a null payload is one whatever its name
                String message = payload == null && !eventName.endsWith("_tombstone")
                        ? eventName.replaceAll("_(created|updated|destroyed)$", "") + "_tombstone" : eventName;
                JsonNode reference = channel.getValue().path("messages").path(message).path("$ref");
                if (!reference.isString()) {
                    continue;
                }
                Schema schema = registry.getSchema(SchemaLocation.of(documentIri(i) + reference.asString()
                        + "/payload"));
                return schema.validate(payload == null ? "null" : payload, InputFormat.JSON).stream()
                        .map(Error::toString).toList();
            }
        }
        throw new IllegalArgumentException("no channel " + topic + " with a message "
                + (payload == null ? "tombstone of " : "") + eventName + " in " + RESOURCE);
    }

    private static String documentIri(int index) {
        return "https://dionysus.io/testkit/asyncapi-" + index + ".json";
    }

    private static String resource(String name) {
        try (InputStream in = AsyncApiContract.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

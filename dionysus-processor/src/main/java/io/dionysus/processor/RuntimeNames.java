package io.dionysus.processor;

import com.palantir.javapoet.ClassName;

/** The runtime and library types generated code refers to, named here so the processor needs none of them. */
final class RuntimeNames {

    static final String RUNTIME = "io.dionysus.runtime";

    static final ClassName SERIALIZER = ClassName.get(RUNTIME, "DionysusSerializer");
    static final ClassName PUBLISHER = ClassName.get(RUNTIME, "DionysusPublisher");
    static final ClassName PUBLISHED_MODEL = ClassName.get(RUNTIME, "PublishedModel");
    static final ClassName ENVELOPE = ClassName.get(RUNTIME, "Envelope");
    static final ClassName EVENT = ENVELOPE.nestedClass("Event");
    static final ClassName GENERATED_MARKER = ClassName.get(RUNTIME, "DionysusGenerated");
    static final ClassName OUTBOX = ClassName.get(RUNTIME + ".outbox", "Outbox");
    static final ClassName OUTBOX_ENTRY = ClassName.get(RUNTIME + ".outbox", "OutboxEntry");
    static final ClassName REGISTRY = ClassName.get(RUNTIME + ".spi", "DionysusRegistry");
    static final ClassName MODEL_REGISTRATION = ClassName.get(RUNTIME + ".spi", "ModelRegistration");
    static final ClassName JSON_VALUES = ClassName.get(RUNTIME + ".internal", "JsonValues");
    static final ClassName MODEL_SUPPORT = ClassName.get(RUNTIME + ".internal", "ModelSupport");

    static final ClassName JSON_GENERATOR = ClassName.get("com.fasterxml.jackson.core", "JsonGenerator");
    static final ClassName SERIALIZABLE_STRING = ClassName.get("com.fasterxml.jackson.core", "SerializableString");
    static final ClassName SERIALIZED_STRING = ClassName.get("com.fasterxml.jackson.core.io", "SerializedString");

    static final String DIONYSUS_TOPIC = "io.dionysus.annotations.DionysusTopic";
    static final String DIONYSUS_TOPIC_LIST = "io.dionysus.annotations.DionysusTopic.List";
    static final String SERIALIZE = "io.dionysus.annotations.Serialize";
    static final String JAKARTA_ID = "jakarta.persistence.Id";
    static final String JAVAX_ID = "javax.persistence.Id";
    static final String GENERATED = "javax.annotation.processing.Generated";

    static final String REGISTRY_SERVICE = "META-INF/services/io.dionysus.runtime.spi.DionysusRegistry";

    private RuntimeNames() {
    }
}

package io.dionysus.processor;

import javax.tools.Diagnostic;

/**
 * Every message the processor shows users: what is wrong, then how to fix it. The id prefixes each message so
 * the README's troubleshooting list can be searched by it.
 */
enum Messages {
    NO_ID(Diagnostic.Kind.ERROR,
            "`%s` has no id; annotate its id field or getter with @jakarta.persistence.Id, or add a member named `id`."),
    NOT_READABLE(Diagnostic.Kind.ERROR,
            "Field `%s` is private and has no accessor; add a getter `%s()`, make it a record component, or make it"
                    + " non-private (Dionysus never uses reflection)."),
    LOMBOK_NOT_RUN(Diagnostic.Kind.ERROR,
            "Field `%s` is private and its getter `%s()` comes from Lombok, which had not run when Dionysus read"
                    + " the class; list Lombok before dionysus-processor in annotationProcessorPaths (Gradle: in"
                    + " annotationProcessor)."),
    ENTITY_FIELD_READ(Diagnostic.Kind.WARNING,
            "`%s` of @Entity `%s` is read through its field; a lazy Hibernate proxy or an enhanced entity leaves"
                    + " fields empty, so the message could carry nulls; add a getter `%s()` (it is used whenever it"
                    + " exists)."),
    PRIVATE_METHOD(Diagnostic.Kind.ERROR,
            "@Serialize method `%s` is private; make it package-private, protected or public."),
    METHOD_SIGNATURE(Diagnostic.Kind.ERROR,
            "@Serialize method `%s` must take no parameters and return a value; remove its parameters or move the"
                    + " annotation to a getter."),
    UNSUPPORTED_TYPE(Diagnostic.Kind.ERROR,
            "`%s` has type %s, which Dionysus cannot serialize; use String, a primitive or its box, BigDecimal,"
                    + " BigInteger, Instant, OffsetDateTime, ZonedDateTime, LocalDateTime, LocalDate, UUID, an enum,"
                    + " byte[], a List/Set of those or a Map<String, …> of those, a free-form Object, Map<String, ?>,"
                    + " List<?> or JsonNode, or add a @Serialize method that converts it."),
    COMPOSITE_ID(Diagnostic.Kind.ERROR,
            "`%s` has a composite id (%s); Dionysus keys every message by one id (`<Model>:<id>`), as the gem"
                    + " does: give the model a single id, e.g. a surrogate key."),
    UNSUPPORTED_ID_TYPE(Diagnostic.Kind.ERROR,
            "Id `%s` has type %s; ids must be long, int, short, String, UUID or BigInteger (or their boxes)."),
    DUPLICATE_WIRE_NAME(Diagnostic.Kind.ERROR,
            "Attribute name \"%s\" is already used by `%s`; give one of them another name with @Serialize(\"…\")."),
    RESERVED_WIRE_NAME(Diagnostic.Kind.ERROR,
            "Attribute name \"links\" is reserved for relationships; give `%s` another name with @Serialize(\"…\")."),
    INVALID_TOPIC_NAME(Diagnostic.Kind.ERROR,
            "Topic name \"%s\" is not a legal Kafka topic name (%s); use 1 to 249 letters, digits, '.', '_' and '-'."),
    INVALID_MODEL_NAME(Diagnostic.Kind.ERROR,
            "Model name \"%s\" is not a Ruby class name; write a constant path such as \"User\" or"
                    + " \"Admin::User\" (capitalized segments of letters, digits and '_' joined by '::')."),
    CONFLICTING_MODEL_NAME(Diagnostic.Kind.ERROR,
            "modelName \"%s\" differs from \"%s\" given on another topic of `%s`; a model has one name on every"
                    + " topic: give the same one, or give it once."),
    DUPLICATE_TOPIC(Diagnostic.Kind.ERROR,
            "Topic \"%s\" is declared twice on `%s`; remove one of the @DionysusTopic annotations."),
    INVALID_MODEL_KIND(Diagnostic.Kind.ERROR,
            "@%s is on `%s`, which is %s; put it on a concrete top-level class or static nested class (or, for"
                    + " @DionysusTopic, a record) that is not private."),
    MISSING_PARTITION_KEY(Diagnostic.Kind.ERROR,
            "partitionKey \"%s\" names no readable member of `%s`; name a non-private field, a getter or a"
                    + " @Serialize member by its Java name or wire name."),
    MISSING_PARTITION_KEY_RESOLVER(Diagnostic.Kind.ERROR,
            "partitionKeyResolver \"%s\" names no method of `%s` without parameters that returns a value; name one,"
                    + " e.g. `String tenantKey()`."),
    PARTITION_KEY_AND_RESOLVER(Diagnostic.Kind.ERROR,
            "@DionysusTopic for %s gives both partitionKey and partitionKeyResolver; keep one (an attribute key, or a"
                    + " resolver whose text is the key as it is)."),
    WITH_NOT_RELATED(Diagnostic.Kind.ERROR,
            "`with` lists %s, but `%s` has no @Serialize member of that type or a collection of it; add the"
                    + " relationship whose records are sideloaded, or remove %s from `with`."),
    NOT_SIDELOADED(Diagnostic.Kind.WARNING,
            "Relationship \"%s\" holds %s, which `with` of %s lists, but it is not sideloaded: the gem sideloads"
                    + " only relationships named after a `with` model (%s), so only its link is written; name it"
                    + " one of those with @Serialize(\"…\") to sideload its records."),
    DUPLICATE_MODEL_NAME(Diagnostic.Kind.ERROR,
            "`%s` and `%s` both publish model name \"%s\" on %s, so their keys (`%s:<id>`) and events collide;"
                    + " give one of them another modelName."),
    MISSING_PARENT_ASSOCIATION(Diagnostic.Kind.ERROR,
            "`%s` is a `with` dependency of `%s` on %s but has no readable member of type %s or a collection of"
                    + " it; add one (e.g. a getter) so its changes can republish the %s."),
    OBSERVE_UNKNOWN_MODEL(Diagnostic.Kind.ERROR,
            "Observed model `%s` cannot be a Dionysus model; observe a class of your own with an id."),
    OBSERVE_UNKNOWN_ATTRIBUTE(Diagnostic.Kind.ERROR,
            "Observed attribute \"%s\" is no readable member of `%s`; name a field, getter or @Serialize member by"
                    + " its Java or wire name."),
    OBSERVE_UNKNOWN_PATH(Diagnostic.Kind.ERROR,
            "Path segment \"%s\" of \"%s\" names no readable member of `%s` of a class or collection type; name a"
                    + " getter, record accessor or non-private field."),
    OBSERVE_PATH_TYPE(Diagnostic.Kind.ERROR,
            "Path \"%s\" leads to `%s`, not to `%s`; end it at the observing model or a collection of it."),
    SOFT_DELETE_UNKNOWN(Diagnostic.Kind.ERROR,
            "@SoftDelete(member = \"%s\") names no readable member of `%s`; name the soft-delete time's field or"
                    + " getter."),
    NO_SYNCED_ID(Diagnostic.Kind.ERROR,
            "`%s` has no `%s` member; add a field such as `Long syncedId` for the remote id, or name yours with"
                    + " @SyncedModel(syncedId = \"…\")."),
    UNKNOWN_SYNCED_MEMBER(Diagnostic.Kind.ERROR,
            "@SyncedModel(%s = \"%s\") names no field of `%s`; name an existing field or remove the attribute."),
    SYNCED_NOT_WRITABLE(Diagnostic.Kind.ERROR,
            "Field `%s` is private and has no setter; add `%s(…)` or make it non-private (Dionysus never uses"
                    + " reflection)."),
    UNSUPPORTED_SYNCED_TYPE(Diagnostic.Kind.ERROR,
            "`%s` has type %s, which Dionysus cannot fill from a message; use String, long, int, short, double,"
                    + " boolean or their boxes, BigDecimal, BigInteger, Instant, OffsetDateTime, ZonedDateTime,"
                    + " LocalDateTime, LocalDate, UUID, an enum or byte[], or mark it @Transient."),
    SYNCED_ROLE_TYPE(Diagnostic.Kind.ERROR,
            "`%s` holds the remote %s and must be %s."),
    DUPLICATE_SYNCED_ATTRIBUTE(Diagnostic.Kind.ERROR,
            "Attribute \"%s\" already fills `%s`; map `%s` to another attribute with @SyncedAttribute(\"…\")."),
    EMPTY_SYNCED_ATTRIBUTE(Diagnostic.Kind.ERROR,
            "@SyncedAttribute on `%s` is empty; give the remote attribute name, e.g. @SyncedAttribute(\"full_name\")."),
    NO_CONSTRUCTOR(Diagnostic.Kind.ERROR,
            "`%s` has no non-private constructor without parameters; add one so the consumer can create local"
                    + " copies."),
    UNRESOLVED_TYPE(Diagnostic.Kind.ERROR,
            "`%s` refers to a type that was never generated or found; check the imports and the other"
                    + " processors' errors."),
    GENERATED_NAME_TAKEN(Diagnostic.Kind.ERROR,
            "Cannot generate `%s`: a type of that name already exists; rename it (names ending in"
                    + " DionysusSerializer, DionysusPublisher, DionysusModelFactory or DionysusRegistry are"
                    + " generated)."),
    INTERNAL_ERROR(Diagnostic.Kind.ERROR,
            "Internal error in Dionysus processor while processing `%s`: %s; please report it with this stack"
                    + " trace: %s");

    private final Diagnostic.Kind kind;
    private final String format;

    Messages(Diagnostic.Kind kind, String format) {
        this.kind = kind;
        this.format = format;
    }

    Diagnostic.Kind kind() {
        return kind;
    }

    /** {@code [DIONYSUS_NO_ID] `User` has no id; …}. */
    String format(Object... args) {
        return "[DIONYSUS_" + name() + "] " + String.format(format, args);
    }
}

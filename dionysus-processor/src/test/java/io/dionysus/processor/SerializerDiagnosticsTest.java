package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per catalogue message: the count, the message and the line it points at. */
class SerializerDiagnosticsTest {

    private static JavaFileObject model(String name, String... body) {
        String[] lines = new String[body.length + 4];
        lines[0] = "package test;";
        lines[1] = "import io.dionysus.annotations.*;";
        lines[2] = "import java.util.*;";
        System.arraycopy(body, 0, lines, 3, body.length);
        lines[lines.length - 1] = "";
        return JavaFileObjects.forSourceLines("test." + name, lines);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return GoldenFiles.compile(sources);
    }

    @Test
    void noId() {
        JavaFileObject source = model("Note",
                "@DionysusTopic(namespace = \"v1\", name = \"notes\")",
                "public class Note { @Serialize public String body; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_NO_ID] `Note` has no id")
                .inFile(source).onLineContaining("public class Note");
    }

    @Test
    void partitionKeyResolverProblems() {
        JavaFileObject missing = model("Payment",
                "@DionysusTopic(namespace = \"v1\", name = \"payments\", partitionKeyResolver = \"ledgerKey\")",
                "public class Payment { public Long id; }");
        Compilation compilation = compile(missing);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_MISSING_PARTITION_KEY_RESOLVER] partitionKeyResolver"
                        + " \"ledgerKey\" names no method of `Payment`")
                .inFile(missing).onLineContaining("partitionKeyResolver");

        JavaFileObject both = model("Refund",
                "@DionysusTopic(namespace = \"v1\", name = \"refunds\", partitionKey = \"id\",",
                "    partitionKeyResolver = \"key\")",
                "public class Refund { public Long id; String key() { return null; } }");
        compilation = compile(both);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_PARTITION_KEY_AND_RESOLVER] @DionysusTopic for"
                        + " v1_refunds gives both partitionKey and partitionKeyResolver")
                .inFile(both).onLineContaining("partitionKeyResolver");
    }

    /** Two models under one model name on one topic would share keys and events: an error on each. */
    @Test
    void twoModelsWithOneModelNameOnOneTopic() {
        JavaFileObject source = model("Member",
                "@DionysusTopic(namespace = \"v1\", name = \"members\", modelName = \"Admin::Member\")",
                "public class Member { public Long id; }",
                "@DionysusTopic(name = \"members\", namespace = \"v1\", modelName = \"Admin::Member\")",
                "class StaffMember { public Long id; }",
                "@DionysusTopic(namespace = \"v1\", name = \"members\", modelName = \"Guest\")",
                "class Visitor { public Long id; }",
                "@DionysusTopic(namespace = \"v1\", name = \"members\")",
                "class Guest { public Long id; }",
                "@DionysusTopic(namespace = \"v1\", name = \"others\", modelName = \"Admin::Member\")",
                "class Other { public Long id; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(4);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_DUPLICATE_MODEL_NAME] `test.StaffMember` and"
                        + " `test.Member` both publish model name \"Admin::Member\" on v1_members")
                .inFile(source).onLineContaining("@DionysusTopic(name = \"members\"");
        assertThat(compilation).hadErrorContaining("[DIONYSUS_DUPLICATE_MODEL_NAME] `test.Member` and"
                        + " `test.StaffMember` both publish")
                .inFile(source).onLineContaining("name = \"members\", modelName = \"Admin::Member\"");
        assertThat(compilation).hadErrorContaining("`test.Guest` and `test.Visitor` both publish model name"
                        + " \"Guest\" on v1_members, so their keys (`Guest:<id>`) and events collide")
                .inFile(source).onLineContaining("name = \"members\")");
        assertThat(compilation).hadErrorContaining("`test.Visitor` and `test.Guest` both publish")
                .inFile(source).onLineContaining("modelName = \"Guest\")");
    }

    @Test
    void modelNameProblems() {
        JavaFileObject invalid = model("Member",
                "@DionysusTopic(namespace = \"v1\", name = \"members\",",
                "    modelName = \"admin/member\")",
                "public class Member { public Long id; }");
        Compilation compilation = compile(invalid);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_INVALID_MODEL_NAME] Model name \"admin/member\" is not"
                        + " a Ruby class name")
                .inFile(invalid).onLineContaining("modelName");

        JavaFileObject conflicting = model("Guest",
                "@DionysusTopic(namespace = \"v1\", name = \"guests\", modelName = \"Admin::Guest\")",
                "@DionysusTopic(namespace = \"v1\", name = \"visitors\",",
                "    modelName = \"Crm::Guest\")",
                "public class Guest { public Long id; }");
        compilation = compile(conflicting);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_CONFLICTING_MODEL_NAME] modelName \"Crm::Guest\""
                        + " differs from \"Admin::Guest\" given on another topic of `Guest`")
                // javac cannot point into an implicit @DionysusTopic.List container, so the class carries the error
                .inFile(conflicting).onLineContaining("public class Guest");
    }

    /** A free-form container of a type the runtime cannot write stays a compile error, on its member. */
    @Test
    void freeFormContainersOfUnsupportedTypes() {
        JavaFileObject source = model("Profile",
                "@DionysusTopic(namespace = \"v1\", name = \"profiles\")",
                "public class Profile {",
                "  public Long id;",
                "  @Serialize public Map<String, Thread> workers;",
                "  @Serialize public List<? extends Thread> queue;",
                "  @Serialize public Map<String, Object> settings;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNSUPPORTED_TYPE] `workers` has type"
                        + " java.util.Map<java.lang.String,java.lang.Thread>")
                .inFile(source).onLineContaining("workers");
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNSUPPORTED_TYPE] `queue`")
                .inFile(source).onLineContaining("queue");
    }

    /**
     * A polymorphic relationship is a to-one whose interface some model implements; a collection of such an
     * interface, or an interface no model implements, is no relationship and stays an unsupported type.
     */
    @Test
    void polymorphicRelationshipsAreToOneOverKnownModels() {
        JavaFileObject source = model("Stay",
                "interface Bookable {}",
                "interface Unbooked {}",
                "@DionysusTopic(namespace = \"v1\", name = \"properties\")",
                "class Property implements Bookable { public Long id; }",
                "@DionysusTopic(namespace = \"v1\", name = \"stays\")",
                "public class Stay {",
                "  public Long id;",
                "  @Serialize public Bookable bookable;",
                "  @Serialize public List<Bookable> bookables;",
                "  @Serialize public Unbooked nothing;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNSUPPORTED_TYPE] `bookables` has type"
                        + " java.util.List<test.Bookable>")
                .inFile(source).onLineContaining("bookables");
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNSUPPORTED_TYPE] `nothing` has type test.Unbooked")
                .inFile(source).onLineContaining("Unbooked nothing");
    }

    @Test
    void compositeId() {
        JavaFileObject source = model("OrderLine",
                "@DionysusTopic(namespace = \"v1\", name = \"order_lines\")",
                "public class OrderLine {",
                "  @jakarta.persistence.Id public Long orderId;",
                "  @jakarta.persistence.Id public Integer lineNo;",
                "  @Serialize public String sku;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_COMPOSITE_ID] `OrderLine` has a composite id (orderId,"
                        + " lineNo); Dionysus keys every message by one id")
                .inFile(source).onLineContaining("public class OrderLine");
    }

    @Test
    void privateFieldWithoutAccessor() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize private String name;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                        "[DIONYSUS_NOT_READABLE] Field `name` is private and has no accessor; add a getter `getName()`")
                .inFile(source).onLineContaining("private String name");
    }

    @Test
    void lombokGetterNotGeneratedYet() {
        // Lombok's annotation without Lombok itself: what Dionysus sees when it runs before Lombok
        JavaFileObject getter = JavaFileObjects.forSourceLines("lombok.Getter", "package lombok;",
                "public @interface Getter {}");
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "@lombok.Getter",
                "public class User {",
                "  private Long id;",
                "  @Serialize private String name;",
                "}");
        Compilation compilation = compile(getter, source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_LOMBOK_NOT_RUN] Field `name` is private and its getter"
                        + " `getName()` comes from Lombok, which had not run when Dionysus read the class; list Lombok"
                        + " before dionysus-processor in annotationProcessorPaths")
                .inFile(source).onLineContaining("private String name");
        assertThat(compilation).hadErrorContaining("[DIONYSUS_LOMBOK_NOT_RUN] Field `id`")
                .inFile(source).onLineContaining("private Long id");
    }

    @Test
    void entityMembersReadThroughFieldsWarn() {
        JavaFileObject source = model("Rental",
                "@jakarta.persistence.Entity",
                "@DionysusTopic(namespace = \"v1\", name = \"rentals\")",
                "public class Rental {",
                "  @jakarta.persistence.Id Long id;",
                "  @Serialize String name;",
                "  @Serialize Long accountId;",
                "  public Long getId() { return id; }",
                "  public Long getAccountId() { return accountId; }",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation).hadWarningContaining("[DIONYSUS_ENTITY_FIELD_READ] `name` of @Entity `Rental` is read"
                        + " through its field; a lazy Hibernate proxy or an enhanced entity leaves fields empty, so the"
                        + " message could carry nulls; add a getter `getName()`")
                .inFile(source).onLineContaining("@Serialize String name");
        String serializer = GoldenFiles.generatedText(compilation, "test.RentalDionysusSerializer");
        org.junit.jupiter.api.Assertions.assertTrue(serializer.contains("model.getId()")
                && serializer.contains("model.getAccountId()") && serializer.contains("model.name"), serializer);
    }

    @Test
    void privateSerializeMethod() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize private int score() { return 1; }",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_PRIVATE_METHOD] @Serialize method `score` is private")
                .inFile(source).onLineContaining("private int score()");
    }

    @Test
    void serializeMethodWithParameters() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize public int score(int factor) { return factor; }",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_METHOD_SIGNATURE] @Serialize method `score` must take no")
                .inFile(source).onLineContaining("public int score(int factor)");
    }

    @Test
    void unsupportedType() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize public Thread worker;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                        "[DIONYSUS_UNSUPPORTED_TYPE] `worker` has type java.lang.Thread, which Dionysus cannot serialize")
                .inFile(source).onLineContaining("public Thread worker");
    }

    @Test
    void unsupportedCollectionElementType() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize public Map<Integer, String> byNumber;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNSUPPORTED_TYPE] `byNumber`")
                .inFile(source).onLineContaining("byNumber");
    }

    @Test
    void unsupportedIdType() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public java.time.Instant id;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNSUPPORTED_ID_TYPE] Id `id` has type java.time.Instant")
                .inFile(source).onLineContaining("public java.time.Instant id");
    }

    @Test
    void twoAttributesWithOneWireName() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize public String fullName;",
                "  @Serialize(\"full_name\") public String displayName;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                        "[DIONYSUS_DUPLICATE_WIRE_NAME] Attribute name \"full_name\" is already used by `fullName`")
                .inFile(source).onLineContaining("public String displayName");
    }

    @Test
    void linksIsReserved() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User {",
                "  public Long id;",
                "  @Serialize public List<String> links;",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_RESERVED_WIRE_NAME]")
                .inFile(source).onLineContaining("List<String> links");
    }

    @Test
    void illegalTopicName() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\",",
                "    name = \"users!\")",
                "public class User { public Long id; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                        "[DIONYSUS_INVALID_TOPIC_NAME] Topic name \"v1_users!\" is not a legal Kafka topic name")
                .inFile(source).onLineContaining("name = \"users!\"");
    }

    @Test
    void emptyNamespace() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"\", name = \"users\")",
                "public class User { public Long id; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("the namespace is empty")
                .inFile(source).onLineContaining("namespace = \"\"");
    }

    @Test
    void sameTopicTwice() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "@DionysusTopic(namespace = \"v1\", name = \"users\", partitionKey = \"id\")",
                "public class User { public Long id; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        // javac cannot point into an implicit @DionysusTopic.List container, so the class carries the error
        assertThat(compilation).hadErrorContaining("[DIONYSUS_DUPLICATE_TOPIC] Topic \"v1_users\" is declared twice")
                .inFile(source).onLineContaining("public class User");
    }

    @Test
    void onAnInterface() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public interface User { Long id(); }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                        "[DIONYSUS_INVALID_MODEL_KIND] @DionysusTopic is on `test.User`, which is an interface")
                .inFile(source).onLineContaining("@DionysusTopic");
    }

    @Test
    void onAnAbstractClass() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public abstract class User { public Long id; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("which is an abstract class")
                .inFile(source).onLineContaining("@DionysusTopic");
    }

    @Test
    void onANonStaticNestedClass() {
        JavaFileObject source = model("Outer",
                "public class Outer {",
                "  @DionysusTopic(namespace = \"v1\", name = \"users\")",
                "  public class User { public Long id; }",
                "}");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("which is a non-static nested class")
                .inFile(source).onLineContaining("@DionysusTopic");
    }

    @Test
    void partitionKeyNamesNoMember() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\",",
                "    partitionKey = \"tenantId\")",
                "public class User { public Long id; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                        "[DIONYSUS_MISSING_PARTITION_KEY] partitionKey \"tenantId\" names no readable member of `User`")
                .inFile(source).onLineContaining("partitionKey = \"tenantId\"");
    }

    @Test
    void partitionKeyByWireNameOrGetterIsFound() {
        JavaFileObject source = model("Booking",
                "@DionysusTopic(namespace = \"v1\", name = \"bookings\", partitionKey = \"rental_id\")",
                "public class Booking { public Long id; private long rentalId; public long getRentalId() { return rentalId; } }");
        assertThat(compile(source)).succeededWithoutWarnings();
    }

    @Test
    void unresolvedTypeIsReportedOnceProcessingEnds() {
        JavaFileObject source = model("User",
                "@DionysusTopic(namespace = \"v1\", name = \"users\")",
                "public class User { public Long id; @Serialize public NotGenerated missing; }");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_UNRESOLVED_TYPE] `test.User` refers to a type");
        assertThat(compilation).hadErrorContaining("cannot find symbol");
    }

    @Test
    void twoBadModelsGiveTwoErrorsAndTheGoodOneIsStillGenerated() {
        JavaFileObject bad1 = model("Bad1",
                "@DionysusTopic(namespace = \"v1\", name = \"bad1\")",
                "public class Bad1 { @Serialize public String name; }");
        JavaFileObject bad2 = model("Bad2",
                "@DionysusTopic(namespace = \"v1\", name = \"bad2\")",
                "public class Bad2 { public Long id; @Serialize private String secret; }");
        JavaFileObject good = model("Good",
                "@DionysusTopic(namespace = \"v1\", name = \"good\")",
                "public class Good { public Long id; @Serialize public String name; }");
        Compilation compilation = compile(bad1, bad2, good);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("DIONYSUS_NO_ID").inFile(bad1);
        assertThat(compilation).hadErrorContaining("DIONYSUS_NOT_READABLE").inFile(bad2);
        // compile-testing hides generated files of a failed compilation; the verbose notes tell what was written
        Compilation verbose = com.google.testing.compile.Compiler.javac().withProcessors(new DionysusProcessor())
                .withOptions("-Adionysus.verbose=true").compile(bad1, bad2, good);
        assertThat(verbose).hadErrorCount(2);
        assertThat(verbose).hadNoteContaining("Dionysus generated test.GoodDionysusSerializer");
        assertThat(verbose).hadNoteContaining("Dionysus generated test.GoodDionysusPublisher");
        org.junit.jupiter.api.Assertions.assertTrue(verbose.notes().stream()
                .noneMatch(note -> note.getMessage(null).contains("Bad")), verbose.notes().toString());
    }
}

package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per consumer-side catalogue message: count, message and line. */
class ModelFactoryDiagnosticsTest {

    private static JavaFileObject model(String name, String... body) {
        String[] lines = new String[body.length + 3];
        lines[0] = "package test;";
        lines[1] = "import io.dionysus.annotations.*;";
        System.arraycopy(body, 0, lines, 2, body.length);
        lines[lines.length - 1] = "";
        return JavaFileObjects.forSourceLines("test." + name, lines);
    }

    private static void assertSingleError(JavaFileObject source, String message, String line) {
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    }

    @Test
    void noSyncedId() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { String name; }"),
                "[DIONYSUS_NO_SYNCED_ID] `User` has no `syncedId` member", "@SyncedModel");
    }

    /**
     * The producer writes only Ruby constant paths as model_name (Inflector.isModelName), and a sideload's
     * relationship name is matched through its classified form: any other name would silently match nothing.
     */
    @Test
    void syncedModelNameThatNoMessageCarries() {
        assertSingleError(model("StaffUser",
                        "@SyncedModel(",
                        "    \"staff::user\")",
                        "public class StaffUser { Long syncedId; }"),
                "[DIONYSUS_INVALID_MODEL_NAME] Model name \"staff::user\" is not a Ruby class name",
                "\"staff::user\"");
        assertSingleError(model("Booking",
                        "@SyncedModel(\"bookings\")",
                        "public class Booking { Long syncedId; }"),
                "[DIONYSUS_INVALID_MODEL_NAME] Model name \"bookings\"", "bookings");
        assertThat(GoldenFiles.compile(model("StaffUser",
                "@SyncedModel(\"Staff::User\")",
                "public class StaffUser { Long syncedId; }"))).succeededWithoutWarnings();
    }

    @Test
    void renamedRoleNamesNoField() {
        assertSingleError(model("User",
                        "@SyncedModel(syncedUpdatedAt = \"lastChange\")",
                        "public class User { Long syncedId; }"),
                "[DIONYSUS_UNKNOWN_SYNCED_MEMBER] @SyncedModel(syncedUpdatedAt = \"lastChange\") names no field",
                "lastChange");
    }

    @Test
    void privateFieldWithoutSetter() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User {",
                        "  Long syncedId;",
                        "  private String name;",
                        "  public String getName() { return name; }",
                        "}"),
                "[DIONYSUS_SYNCED_NOT_WRITABLE] Field `name` is private and has no setter; add `setName(…)`",
                "private String name");
    }

    @Test
    void privateFieldWithoutGetter() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User {",
                        "  Long syncedId;",
                        "  private String name;",
                        "  public void setName(String name) { this.name = name; }",
                        "}"),
                "[DIONYSUS_NOT_READABLE] Field `name` is private and has no accessor", "private String name");
    }

    @Test
    void unsupportedMemberType() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { Long syncedId; java.util.List<String> tags; }"),
                "[DIONYSUS_UNSUPPORTED_SYNCED_TYPE] `tags` has type java.util.List<java.lang.String>", "tags");
    }

    @Test
    void syncedDataMustBeText() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { Long syncedId; Long syncedData; }"),
                "[DIONYSUS_SYNCED_ROLE_TYPE] `syncedData` holds the remote attributes (synced_data) and must be a"
                        + " String", "Long syncedData");
    }

    @Test
    void syncedTimesMustBeTimes() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { Long syncedId;",
                        "  String syncedUpdatedAt; }"),
                "[DIONYSUS_SYNCED_ROLE_TYPE] `syncedUpdatedAt` holds the remote updated_at", "String syncedUpdatedAt");
    }

    @Test
    void twoFieldsFilledFromOneAttribute() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { Long syncedId; String fullName;",
                        "  @SyncedAttribute(\"full_name\") String displayName; }"),
                "[DIONYSUS_DUPLICATE_SYNCED_ATTRIBUTE] Attribute \"full_name\" already fills `fullName`",
                "String displayName");
    }

    @Test
    void emptyMappedAttribute() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { Long syncedId;",
                        "  @SyncedAttribute(\"\") String displayName; }"),
                "[DIONYSUS_EMPTY_SYNCED_ATTRIBUTE] @SyncedAttribute on `displayName` is empty", "String displayName");
    }

    @Test
    void noConstructorWithoutParameters() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public class User { Long syncedId; User(Long id) { syncedId = id; } }"),
                "[DIONYSUS_NO_CONSTRUCTOR] `User` has no non-private constructor without parameters",
                "public class User");
    }

    @Test
    void recordsCannotBeSynced() {
        assertSingleError(model("User",
                        "@SyncedModel",
                        "public record User(Long syncedId) {}"),
                "[DIONYSUS_INVALID_MODEL_KIND] @SyncedModel is on `test.User`, which is a record", "@SyncedModel");
    }

    @Test
    void illegalConsumedTopic() {
        assertSingleError(model("App",
                        "@DionysusConsumerTopic(namespace = \"v1\",",
                        "    name = \"users?\")",
                        "public class App {}"),
                "[DIONYSUS_INVALID_TOPIC_NAME] Topic name \"v1_users?\"", "name = \"users?\"");
    }
}

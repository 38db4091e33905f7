package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

class SerializerGenerationTest {

    @Test
    void writesSerializerPublisherAndRegistryForEverySupportedType() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("serializer/all_types/AllTypes.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "serializer/all_types", "test.shop.AllTypesDionysusSerializer");
        GoldenFiles.assertGolden(compilation, "serializer/all_types", "test.shop.AllTypesDionysusPublisher");
        GoldenFiles.assertGolden(compilation, "serializer/all_types", "test.shop.AllTypesDionysusRegistry");
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/io.dionysus.runtime.spi.DionysusRegistry")
                .contentsAsUtf8String().isEqualTo("test.shop.AllTypesDionysusRegistry\n");
    }

    /** Reference §8 (P5, P12): Admin::User is model_name "Admin::User", events admin_user_*, keys Admin::User:1. */
    @Test
    void aNamespacedModelNameGivesTheModelNameAndItsUnderscoredEventPrefix() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("serializer/namespaced/AdminUser.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "serializer/namespaced", "test.admin.AdminUserDionysusSerializer");
        GoldenFiles.assertGolden(compilation, "serializer/namespaced", "test.admin.AdminUserDionysusPublisher");
    }

    /** Object, Map<String, ?>, List<?> and JsonNode are walked by the runtime; List<String> keeps its loop. */
    @Test
    void freeFormAttributesAreWrittenByTheRuntimesWalk() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("serializer/free_form/Preferences.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "serializer/free_form", "test.prefs.PreferencesDionysusSerializer");
    }

    /**
     * The README's type rules: a map or collection declared by its JDK class is one too, and a bound the runtime
     * walks (any Number, any CharSequence) makes a free-form map or list.
     */
    @Test
    void jdkCollectionClassesAndWalkedBoundsAreSupported() {
        Compilation compilation = GoldenFiles.compile(JavaFileObjects.forSourceLines("test.Stats",
                "package test;",
                "import io.dionysus.annotations.*;",
                "import java.util.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"stats\")",
                "public class Stats {",
                "  @Serialize public Long id;",
                "  @Serialize public Map<String, ? extends Number> totals;",
                "  @Serialize public HashMap<String, Object> settings;",
                "  @Serialize public LinkedHashMap<String, Integer> counts;",
                "  @Serialize public ArrayList<String> names;",
                "  @Serialize public List<? extends CharSequence> notes;",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        String serializer = GoldenFiles.generatedText(compilation, "test.StatsDionysusSerializer");
        for (String freeForm : new String[] {"model.totals", "model.settings", "model.notes"}) {
            org.junit.jupiter.api.Assertions.assertTrue(
                    serializer.contains("JsonValues.writeFreeForm(gen, " + freeForm + ");"), serializer);
        }
        org.junit.jupiter.api.Assertions.assertFalse(serializer.contains("writeFreeForm(gen, model.counts)"));
        org.junit.jupiter.api.Assertions.assertFalse(serializer.contains("writeFreeForm(gen, model.names)"));
    }

    @Test
    void readsRecordsThroughTheirAccessorsAndNestedTypesGetFlatNames() {
        Compilation compilation = GoldenFiles.compile(JavaFileObjects.forSourceLines("test.Outer",
                "package test;",
                "import io.dionysus.annotations.*;",
                "import java.util.UUID;",
                "public class Outer {",
                "  @DionysusTopic(namespace = \"v1\", name = \"reviews\")",
                "  public record Review(@Serialize UUID id, @Serialize String body) {}",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "serializer/record", "test.Outer_ReviewDionysusSerializer");
    }

    @Test
    void oneRegistryInTheCommonPackageListsModelsSortedByName() throws IOException {
        Compilation compilation = GoldenFiles.compile(
                JavaFileObjects.forSourceLines("com.acme.b.Zebra",
                        "package com.acme.b;",
                        "@io.dionysus.annotations.DionysusTopic(namespace = \"zoo\", name = \"zebras\")",
                        "public class Zebra { public Long id; }"),
                JavaFileObjects.forSourceLines("com.acme.a.Ant",
                        "package com.acme.a;",
                        "@io.dionysus.annotations.DionysusTopic(namespace = \"zoo\", name = \"ants\")",
                        "public class Ant { public String id; }"));
        assertThat(compilation).succeededWithoutWarnings();
        String registry = compilation.generatedSourceFile("com.acme.AntDionysusRegistry").orElseThrow()
                .getCharContent(true).toString();
        org.junit.jupiter.api.Assertions.assertTrue(registry.indexOf("Ant.class") < registry.indexOf("Zebra.class"),
                registry);
    }
}

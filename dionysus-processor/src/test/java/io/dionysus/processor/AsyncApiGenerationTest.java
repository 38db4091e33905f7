package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document of a compilation ({@code META-INF/dionysus/asyncapi.yaml}) against goldens: channels with
 * genesis twins, Ruby partitioning, text tombstones, sideloads; every value type's JSON schema. The examples'
 * document is validated against the AsyncAPI 3.0 schema, and their real payloads against it, in dionysus-cli's tests.
 */
class AsyncApiGenerationTest {

    @Test
    void aggregateWithGenesisTwinsRubyPartitioningSideloadsAndTextTombstones() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("aggregate/with/Account.java"),
                GoldenFiles.fixture("aggregate/with/Rental.java"), GoldenFiles.fixture("aggregate/with/Fee.java"));
        assertThat(compilation).succeededWithoutWarnings();
        assertGolden(compilation, "fixtures/aggregate/with/expected/asyncapi.yaml");
    }

    @Test
    void everyValueTypeHasItsSchema() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.types.Invoice",
                "package test.types;",
                "import io.dionysus.annotations.*;",
                "import java.math.*;",
                "import java.time.*;",
                "import java.util.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"invoices\")",
                "public class Invoice {",
                "    public enum State { OPEN, PAID }",
                "    @Serialize public String id;",
                "    @Serialize public long number;",
                "    @Serialize public Integer lines;",
                "    @Serialize public BigInteger big;",
                "    @Serialize public BigDecimal total;",
                "    @Serialize public double rate;",
                "    @Serialize public boolean paid;",
                "    @Serialize public char grade;",
                "    @Serialize public Instant createdAt;",
                "    @Serialize public OffsetDateTime dueAt;",
                "    @Serialize public ZonedDateTime sentAt;",
                "    @Serialize public LocalDateTime printedAt;",
                "    @Serialize public LocalDate issuedOn;",
                "    @Serialize public UUID reference;",
                "    @Serialize public State state;",
                "    @Serialize public byte[] pdf;",
                "    @Serialize public List<String> tags;",
                "    @Serialize public Map<String, BigDecimal> taxes;",
                "}");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertGolden(compilation, "fixtures/asyncapi/types/expected/asyncapi.yaml");
    }

    @Test
    void aCompilationWithoutTopicsWritesNoDocument() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.none.Plain", "package test.none;",
                "public class Plain { }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, AsyncApiGenerator.RESOURCE).isEmpty());
    }

    private static void assertGolden(Compilation compilation, String golden) {
        String text;
        try (InputStream in = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, AsyncApiGenerator.RESOURCE)
                .orElseThrow().openInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = Path.of("src/test/resources", golden);
        try {
            if (Boolean.getBoolean("dionysus.updateGoldens")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                return;
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

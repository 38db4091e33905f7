package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * When the registry is written: in the round of its models, so that javac needs no round of its own for it (each
 * round enters every tree again: compile-time.sh), and a later round's models get a registry of their own.
 */
class RegistryRoundsTest {

    private static final JavaFileObject ANT = JavaFileObjects.forSourceLines("test.a.Ant",
            "package test.a;",
            "@io.dionysus.annotations.DionysusTopic(namespace = \"zoo\", name = \"ants\")",
            "public class Ant { public Long id; }");
    private static final JavaFileObject BEE = JavaFileObjects.forSourceLines("test.b.Bee",
            "package test.b;",
            "@io.dionysus.annotations.DionysusTopic(namespace = \"zoo\", name = \"bees\")",
            "public class Bee { public Long id; }");

    @Test
    void theRegistryComesWithItsModelsSoJavacRunsNoExtraRound() {
        RoundCounter counter = new RoundCounter();
        Compilation compilation = Compiler.javac().withProcessors(new DionysusProcessor(), counter)
                .compile(ANT, BEE);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.AntDionysusRegistry");
        // the models' round, the round of the generated sources (registry included), the final round
        assertEquals(3, counter.rounds);
    }

    @Test
    void modelsOfALaterRoundGetARegistryOfTheirOwnUnderAFreeName() throws IOException {
        Compilation compilation = Compiler.javac().withProcessors(new LateModelWriter(), new DionysusProcessor())
                .compile(ANT, BEE);
        assertThat(compilation).succeededWithoutWarnings();
        // round 1: test.a.Ant and test.b.Bee; round 2: test.Ant, written by another processor, whose registry
        // would have the first one's name
        String first = GoldenFiles.generatedText(compilation, "test.AntDionysusRegistry");
        String second = GoldenFiles.generatedText(compilation, "test.AntDionysusRegistry2");
        assertTrue(first.contains("import test.a.Ant;") && first.contains("import test.b.Bee;"), first);
        assertTrue(second.contains("new ModelRegistration<Ant>(Ant.class") && !second.contains("test.a.Ant")
                && !second.contains("Bee"), second);
        assertEquals("test.AntDionysusRegistry\ntest.AntDionysusRegistry2\n", compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/io.dionysus.runtime.spi.DionysusRegistry")
                .orElseThrow().getCharContent(true).toString());
    }

    /** A processor called in every round, whatever the sources hold. */
    private abstract static class EveryRound extends AbstractProcessor {

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }
    }

    /** Counts the rounds javac runs. */
    private static final class RoundCounter extends EveryRound {

        int rounds;

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            rounds++;
            return false;
        }
    }

    /** Another processor, writing a model in the first round: Dionysus sees it in the second. */
    private static final class LateModelWriter extends EveryRound {

        private boolean done;

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (done) {
                return false;
            }
            done = true;
            try (Writer out = processingEnv.getFiler().createSourceFile("test.Ant").openWriter()) {
                out.write("package test;\n"
                        + "@io.dionysus.annotations.DionysusTopic(namespace = \"zoo\", name = \"late_ants\")\n"
                        + "public class Ant { public Long id; }\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return false;
        }
    }
}

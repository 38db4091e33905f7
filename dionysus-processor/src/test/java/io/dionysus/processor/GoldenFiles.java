package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * Compiles fixtures with the processor and compares generated sources with the goldens under
 * {@code fixtures/<feature>/<case>/expected/}. Run with {@code -Ddionysus.updateGoldens=true} to rewrite the
 * goldens from the current output (then review the diff).
 */
final class GoldenFiles {

    private GoldenFiles() {
    }

    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new DionysusProcessor()).compile(sources);
    }

    static JavaFileObject fixture(String path) {
        return JavaFileObjects.forResource("fixtures/" + path);
    }

    /** The text of a generated source file. */
    static String generatedText(Compilation compilation, String qualifiedName) {
        try {
            return compilation.generatedSourceFile(qualifiedName).orElseThrow().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertGolden(Compilation compilation, String caseDir, String qualifiedName) {
        String simpleName = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        String golden = "fixtures/" + caseDir + "/expected/" + simpleName + ".java";
        if (Boolean.getBoolean("dionysus.updateGoldens")) {
            try {
                String source = compilation.generatedSourceFile(qualifiedName).orElseThrow()
                        .getCharContent(true).toString();
                Path target = Path.of("src/test/resources", golden);
                Files.createDirectories(target.getParent());
                Files.writeString(target, source, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(compilation).generatedSourceFile(qualifiedName)
                .hasSourceEquivalentTo(JavaFileObjects.forResource(golden));
    }
}

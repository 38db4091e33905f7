package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What happens when a generated type cannot be written: a name clash, a stale output, an internal failure. */
class GeneratedOutputDiagnosticsTest {

    private static final JavaFileObject USER = JavaFileObjects.forSourceLines("test.User",
            "package test;",
            "import io.dionysus.annotations.*;",
            "@DionysusTopic(namespace = \"v1\", name = \"users\")",
            "public class User { public Long id; @Serialize public String name; }");

    private static final JavaFileObject NOTE = JavaFileObjects.forSourceLines("test.Note",
            "package test;",
            "import io.dionysus.annotations.*;",
            "@DionysusTopic(namespace = \"v1\", name = \"notes\")",
            "public class Note { public Long id; @Serialize public String body; }");

    @Test
    void aHandWrittenTypeWithAGeneratedNameIsOneErrorOnTheModel() {
        JavaFileObject clash = JavaFileObjects.forSourceLines("test.UserDionysusSerializer",
                "package test;",
                "public class UserDionysusSerializer { }");
        Compilation compilation = GoldenFiles.compile(USER, clash);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_GENERATED_NAME_TAKEN] Cannot generate"
                        + " `test.UserDionysusSerializer`: a type of that name already exists; rename it")
                .inFile(USER).onLineContaining("public class User");
    }

    @Test
    void anEarlierBuildsOutputGivenAsSourceAgainIsKept() {
        Compilation first = GoldenFiles.compile(USER);
        assertThat(first).succeededWithoutWarnings();
        JavaFileObject serializer = generated(first, "test/UserDionysusSerializer.java");
        JavaFileObject publisher = generated(first, "test/UserDionysusPublisher.java");

        Compilation again = GoldenFiles.compile(USER, serializer, publisher);

        assertThat(again).succeeded();
        assertThat(again).hadErrorCount(0);
    }

    @Test
    void aFailureInsideTheProcessorIsAnInternalErrorOnThatModelAndTheOthersAreStillGenerated() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new FailingFilerProcessor("test.UserDionysusPublisher"))
                .withOptions("-Adionysus.verbose=true")
                .compile(USER, NOTE);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_INTERNAL_ERROR] Internal error in Dionysus processor"
                        + " while processing `test.User`: java.lang.IllegalStateException: disk full; please report it")
                .inFile(USER).onLineContaining("public class User");
        assertThat(compilation).hadErrorContaining("at io.dionysus.processor.GeneratedOutputDiagnosticsTest");
        assertThat(compilation).hadNoteContaining("Dionysus generated test.NoteDionysusSerializer");
        assertThat(compilation).hadNoteContaining("Dionysus generated test.NoteDionysusPublisher");
        assertTrue(compilation.notes().stream()
                        .noneMatch(note -> note.getMessage(null).contains("UserDionysusPublisher")),
                compilation.notes().toString());
    }

    private static JavaFileObject generated(Compilation compilation, String path) {
        JavaFileObject file = compilation.generatedSourceFile(path.replace(".java", "").replace('/', '.'))
                .orElseThrow(() -> new AssertionError(path + " was not generated"));
        try {
            String source = file.getCharContent(true).toString();
            return JavaFileObjects.forSourceString(path.replace(".java", "").replace('/', '.'), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real processor, whose filer throws while creating one source file. */
    private static final class FailingFilerProcessor implements Processor {

        private final DionysusProcessor delegate = new DionysusProcessor();
        private final String failOn;

        FailingFilerProcessor(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public void init(ProcessingEnvironment env) {
            delegate.init(new FailingEnvironment(env, failOn));
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return delegate.process(annotations, round);
        }

        @Override
        public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }

    private record FailingEnvironment(ProcessingEnvironment env, String failOn) implements ProcessingEnvironment {

        @Override
        public Filer getFiler() {
            Filer filer = env.getFiler();
            return new Filer() {
                @Override
                public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements)
                        throws IOException {
                    if (name.toString().equals(failOn)) {
                        throw new IllegalStateException("disk full");
                    }
                    return filer.createSourceFile(name, originatingElements);
                }

                @Override
                public JavaFileObject createClassFile(CharSequence name, Element... originatingElements)
                        throws IOException {
                    return filer.createClassFile(name, originatingElements);
                }

                @Override
                public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                        CharSequence relativeName, Element... originatingElements) throws IOException {
                    return filer.createResource(location, moduleAndPkg, relativeName, originatingElements);
                }

                @Override
                public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                        CharSequence relativeName) throws IOException {
                    return filer.getResource(location, moduleAndPkg, relativeName);
                }
            };
        }

        @Override
        public Map<String, String> getOptions() {
            return env.getOptions();
        }

        @Override
        public Messager getMessager() {
            return env.getMessager();
        }

        @Override
        public Elements getElementUtils() {
            return env.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return env.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return env.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return env.getLocale();
        }
    }
}

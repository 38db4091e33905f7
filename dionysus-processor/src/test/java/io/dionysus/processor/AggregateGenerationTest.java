package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class AggregateGenerationTest {

    @Test
    void relationshipsSideloadsPropagationGenesisTwinsRubyPartitioningAndTextTombstones() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("aggregate/with/Account.java"),
                GoldenFiles.fixture("aggregate/with/Rental.java"), GoldenFiles.fixture("aggregate/with/Fee.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.RentalDionysusSerializer");
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.RentalDionysusPublisher");
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.FeeDionysusPublisher");
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.AccountDionysusRegistry");
    }

    @Test
    void withListsAModelTheParentHasNoRelationshipTo() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Account",
                "package test;",
                "import io.dionysus.annotations.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"accounts\",",
                "    with = Note.class)",
                "public class Account { public Long id; }",
                "class Note { public Long id; public Account account; }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_WITH_NOT_RELATED] `with` lists Note, but `Account` has"
                + " no @Serialize member of that type").inFile(source).onLineContaining("with = Note.class");
    }

    @Test
    void aDependencyWithoutAWayBackToItsParent() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Account",
                "package test;",
                "import io.dionysus.annotations.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"accounts\", with = Note.class)",
                "public class Account { public Long id; @Serialize public java.util.List<Note> notes; }",
                "class Note { public Long id; }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_MISSING_PARENT_ASSOCIATION] `Note` is a `with`"
                + " dependency of `Account` on v1_accounts but has no readable member of type Account")
                .inFile(source).onLineContaining("class Note");
    }
}

package io.dionysus.testkit;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/** Provides a fresh {@link TestDatabase} of each kind; used through {@link AllDatabases}. */
public final class DatabasesProvider implements ArgumentsProvider, AnnotationConsumer<AllDatabases> {

    private TestDatabase.Kind[] kinds = {TestDatabase.Kind.H2, TestDatabase.Kind.POSTGRESQL};

    @Override
    public void accept(AllDatabases annotation) {
        kinds = annotation.value();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        // the stream is consumed one invocation at a time, so each database is made just before its run
        return Arrays.stream(kinds).map(kind -> Arguments.of(TestDatabases.create(kind)));
    }
}

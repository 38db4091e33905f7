package io.dionysus.testkit;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/** Provides a fresh {@link TestDatabase} of each kind; used through {@link AllDatabases}. */
public final class DatabasesProvider implements ArgumentsProvider {

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        // the stream is consumed one invocation at a time, so each database is made just before its run
        return Arrays.stream(TestDatabase.Kind.values()).map(kind -> Arguments.of(TestDatabases.create(kind)));
    }
}

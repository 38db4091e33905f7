package io.dionysus.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test once on a fresh H2 database and once on a fresh embedded PostgreSQL database; the test takes a
 * {@link TestDatabase} parameter.
 *
 * <pre>{@code
 * @AllDatabases
 * void writesTheRow(TestDatabase db) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(DatabasesProvider.class)
public @interface AllDatabases {
}

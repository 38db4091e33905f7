package io.dionysus.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test once on a fresh database of each kind — by default H2 and the embedded PostgreSQL; the embedded
 * MariaDB on request — the test takes a {@link TestDatabase} parameter.
 *
 * <pre>{@code
 * @AllDatabases
 * void writesTheRow(TestDatabase db) { ... }
 *
 * @AllDatabases({Kind.H2, Kind.POSTGRESQL, Kind.MARIADB})
 * void relaysTheRow(TestDatabase db) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(DatabasesProvider.class)
public @interface AllDatabases {

    /** The kinds to run on, in order; default H2 and PostgreSQL. */
    TestDatabase.Kind[] value() default {TestDatabase.Kind.H2, TestDatabase.Kind.POSTGRESQL};
}

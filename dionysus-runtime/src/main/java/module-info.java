/**
 * The Dionysus runtime: what generated code and applications call.
 *
 * <p>API: {@code io.dionysus.runtime} (the publishing path: {@code PublishedModel}, {@code DionysusPublisher}; the
 * serializer and factory contracts, envelope, model lookup, suppression, the application time zone),
 * {@code io.dionysus.runtime.outbox} (JDBC outbox, schema, relay, inspector, retention),
 * {@code io.dionysus.runtime.consumer} (the consumer loop), {@code io.dionysus.runtime.metrics} (Micrometer binders;
 * Micrometer is an optional dependency, needed only by them), {@code io.dionysus.runtime.naming} (the ActiveSupport
 * inflector). SPI: {@code io.dionysus.runtime.spi}, the
 * registries the processor generates, found with {@link java.util.ServiceLoader}.
 * {@code io.dionysus.runtime.internal} is exported only because generated code in your modules calls it: it is not
 * API and may change in any release.
 */
module io.dionysus.runtime {
    requires transitive java.sql;
    requires transitive kafka.clients;
    requires transitive com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static micrometer.core;

    exports io.dionysus.runtime;
    exports io.dionysus.runtime.outbox;
    exports io.dionysus.runtime.consumer;
    exports io.dionysus.runtime.naming;
    exports io.dionysus.runtime.spi;
    exports io.dionysus.runtime.metrics;
    exports io.dionysus.runtime.internal;

    uses io.dionysus.runtime.spi.DionysusRegistry;
}

package io.dionysus.hibernate;

/**
 * The Hibernate settings Dionysus reads (in {@code persistence.xml}, {@code hibernate.properties}, the properties
 * map given to the {@code EntityManagerFactory}, or Spring Boot's {@code spring.jpa.properties.*}).
 */
public final class DionysusSettings {

    /**
     * {@code "dionysus.capture.enabled"}: {@code false} turns the automatic capture off for the whole session
     * factory (the explicit publishers still work). A {@code Boolean} or its text. Default {@code true}.
     */
    public static final String CAPTURE_ENABLED = "dionysus.capture.enabled";

    /**
     * {@code "dionysus.outbox"}: the {@link io.dionysus.runtime.outbox.Outbox} the captured rows are written with
     * (its clock, its on/off switch). Default: {@code Outbox.builder().build()}.
     */
    public static final String OUTBOX = "dionysus.outbox";

    private DionysusSettings() {
    }
}

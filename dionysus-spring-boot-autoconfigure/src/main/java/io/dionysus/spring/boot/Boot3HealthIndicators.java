package io.dionysus.spring.boot;

import java.util.function.Supplier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The Actuator health indicators of Spring Boot 3 ({@code org.springframework.boot.actuate.health}). */
final class Boot3HealthIndicators {

    private Boot3HealthIndicators() {
    }

    /** An indicator reporting a {@link RelayHealth.Report}. */
    static final class Indicator extends AbstractHealthIndicator {
        private final Supplier<RelayHealth.Report> check;

        Indicator(Supplier<RelayHealth.Report> check) {
            super("Dionysus health check failed");
            this.check = check;
        }

        @Override
        protected void doHealthCheck(Health.Builder builder) {
            RelayHealth.Report report = check.get();
            (report.up() ? builder.up() : builder.down()).withDetails(report.details());
        }
    }
}

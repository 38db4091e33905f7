package io.dionysus.spring.boot.boot4;

import io.dionysus.spring.boot.ConsumerHealth;
import io.dionysus.spring.boot.DionysusAutoConfiguration;
import io.dionysus.spring.boot.RelayHealth;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 4's health indicators {@code dionysusRelay} and {@code dionysusConsumer} (Boot 4 moved the health
 * types to {@code org.springframework.boot.health.contributor}); the same reports as Boot 3's.
 */
@AutoConfiguration(after = DionysusAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
@ConditionalOnProperty(name = "dionysus.enabled", havingValue = "true", matchIfMissing = true)
public class DionysusBoot4HealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(RelayHealth.class)
    @ConditionalOnMissingBean(name = "dionysusRelayHealthIndicator")
    Indicator dionysusRelayHealthIndicator(RelayHealth health) {
        return new Indicator(health::check);
    }

    @Bean
    @ConditionalOnBean(ConsumerHealth.class)
    @ConditionalOnMissingBean(name = "dionysusConsumerHealthIndicator")
    Indicator dionysusConsumerHealthIndicator(ConsumerHealth health) {
        return new Indicator(health::check);
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

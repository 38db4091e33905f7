package io.dionysus.spring.boot;

import io.dionysus.runtime.metrics.ConsumerMetrics;
import io.dionysus.runtime.metrics.OutboxMetrics;
import io.dionysus.runtime.outbox.OutboxInspector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics (Micrometer), health indicators and the {@code outbox} endpoint (Actuator) of the beans
 * {@link DionysusAutoConfiguration} made. The health indicators here are Boot 3's; Boot 4's come from
 * dionysus-spring-boot4-compat.
 */
@AutoConfiguration(after = DionysusAutoConfiguration.class)
@ConditionalOnProperty(name = "dionysus.enabled", havingValue = "true", matchIfMissing = true)
public class DionysusActuatorAutoConfiguration {

    /** Micrometer meters {@code dionysus.outbox.*} and {@code dionysus.consumer.*}, bound by Boot to its registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {

        /** Also where the relay runs elsewhere: the pending-row gauges describe this service's outbox. */
        @Bean
        @ConditionalOnBean(OutboxInspector.class)
        @ConditionalOnMissingBean
        OutboxMetrics dionysusOutboxMetrics(OutboxInspector inspector) {
            return new OutboxMetrics(inspector);
        }

        @Bean
        @ConditionalOnBean(ConsumerHealth.class)
        @ConditionalOnMissingBean
        ConsumerMetrics dionysusConsumerMetrics(ObjectProvider<ConsumerLifecycle> consumer) {
            return new ConsumerMetrics(() -> consumer.getObject().consumer().status());
        }
    }

    /** Spring Boot 3's health indicators: {@code dionysusRelay} and {@code dionysusConsumer}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
    static class Boot3Health {

        @Bean
        @ConditionalOnBean(RelayHealth.class)
        @ConditionalOnMissingBean(name = "dionysusRelayHealthIndicator")
        Boot3HealthIndicators.Indicator dionysusRelayHealthIndicator(RelayHealth health) {
            return new Boot3HealthIndicators.Indicator(health::check);
        }

        @Bean
        @ConditionalOnBean(ConsumerHealth.class)
        @ConditionalOnMissingBean(name = "dionysusConsumerHealthIndicator")
        Boot3HealthIndicators.Indicator dionysusConsumerHealthIndicator(ConsumerHealth health) {
            return new Boot3HealthIndicators.Indicator(health::check);
        }
    }

    /** The {@code outbox} endpoint: pending and failed rows, stalled keys, retry and skip. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Endpoint {

        @Bean
        @ConditionalOnBean(OutboxInspector.class)
        @ConditionalOnMissingBean
        OutboxEndpoint dionysusOutboxEndpoint(OutboxInspector inspector, DionysusProperties properties) {
            return new OutboxEndpoint(inspector, 100);
        }
    }
}

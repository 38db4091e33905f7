package io.dionysus.spring.boot;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;

/** Reads a health indicator bean with Spring Boot 4's types (Boot 3 has its own copy of this class). */
final class HealthProbe {

    private HealthProbe() {
    }

    /** The status code ({@code UP}, {@code DOWN}) and details of the indicator bean of that name. */
    static Map.Entry<String, Map<String, Object>> health(ApplicationContext context, String beanName) {
        Health health = context.getBean(beanName, HealthIndicator.class).health();
        return Map.entry(health.getStatus().getCode(), health.getDetails());
    }
}

package io.dionysus.spring.boot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The starter's own conditions. */
final class Conditions {

    private Conditions() {
    }

    /** Matches when a topic is consumed: declared with {@code @DionysusConsumerTopic} or {@code dionysus.consumer.topics}. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Conditional(ConsumedTopicsCondition.class)
    @interface OnConsumedTopics {
    }

    /**
     * Matches when a generated registry publishes a model on a topic, or {@code dionysus.relay.enabled} is set to
     * {@code true} explicitly (a relay for rows another service writes).
     */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Conditional(PublishedModelsCondition.class)
    @interface OnPublishedModels {
    }

    static final class PublishedModelsCondition implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            if ("true".equalsIgnoreCase(context.getEnvironment().getProperty("dionysus.relay.enabled"))) {
                return true;
            }
            return io.dionysus.runtime.DionysusModels.load(context.getClassLoader()).all().stream()
                    .anyMatch(model -> !model.topics().isEmpty());
        }
    }

    static final class ConsumedTopicsCondition implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean configured = Binder.get(context.getEnvironment())
                    .bind("dionysus.consumer.topics", String[].class).map(topics -> topics.length > 0)
                    .orElse(false);
            return configured || !DionysusAutoConfiguration.declaredConsumerTopics(context.getClassLoader()).isEmpty();
        }
    }
}

package io.dionysus.spring.boot;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.consumer.DionysusConsumer;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.runtime.outbox.OutboxRetention;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.runtime.spi.DionysusRegistry;
import io.dionysus.runtime.outbox.OutboxInspector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Dionysus with no bean to write: the {@link Outbox} bound to Spring-managed transactions, every generated
 * publisher as a bean, the schema, the Hibernate capture, the relay and the consumer as lifecycle beans, all set from
 * {@code dionysus.*} properties ({@link DionysusProperties}). Every bean backs off when the application declares its
 * own. {@code dionysus.enabled=false} turns all of it off.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnClass(Outbox.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "dionysus.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DionysusProperties.class)
public class DionysusAutoConfiguration {

    /** The models of the generated registries visible to the application's class loader. */
    @Bean
    @ConditionalOnMissingBean
    public DionysusModels dionysusModels(org.springframework.beans.factory.config.ConfigurableListableBeanFactory beans) {
        return DionysusModels.load(beans.getBeanClassLoader());
    }

    /** The outbox, writing on the connection of the Spring-managed transaction that runs the publisher call. */
    @Bean
    @ConditionalOnMissingBean
    public Outbox dionysusOutbox(DataSource dataSource, DionysusProperties properties) {
        if (properties.getTimeZone() != null) {
            io.dionysus.runtime.ApplicationTimeZone.set(properties.getTimeZone());
        }
        return Outbox.builder()
                .enabled(properties.getOutbox().isEnabled())
                .connectionSupplier(new TransactionalConnectionSupplier(dataSource))
                .build();
    }

    /** Every generated publisher as a bean of its own type. */
    @Bean
    public static PublisherRegistrar dionysusPublisherRegistrar() {
        return new PublisherRegistrar();
    }

    /**
     * Marks Spring-managed transactions as they complete, so that a publisher call in an {@code afterCommit} callback
     * fails fast instead of writing on a committed connection (Boot applies it to its transaction managers).
     */
    @Bean
    @ConditionalOnClass(name = "org.springframework.transaction.TransactionExecutionListener")
    public TransactionalConnectionSupplier.Completion dionysusTransactionCompletion() {
        return new TransactionalConnectionSupplier.Completion();
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxSchemaInitializer dionysusOutboxSchemaInitializer(DataSource dataSource, DionysusProperties properties) {
        return new OutboxSchemaInitializer(dataSource, properties.getSchema().getMode());
    }

    /** The Hibernate capture (dionysus-hibernate on the class path) gets the outbox and its on/off switch. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.dionysus.hibernate.DionysusIntegrator",
            "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean"})
    static class CaptureConfiguration {

        @Bean
        static JpaCaptureConfigurer dionysusJpaCaptureConfigurer(ObjectProvider<Outbox> outbox, Environment environment) {
            return new JpaCaptureConfigurer(outbox,
                    environment.getProperty("dionysus.capture.enabled", Boolean.class, true));
        }
    }

    /** Reads the outbox for operators: the endpoint, the metrics. */
    @Bean
    @ConditionalOnMissingBean
    public OutboxInspector dionysusOutboxInspector(DataSource dataSource) {
        return new OutboxInspector(dataSource);
    }

    /** The relay's health: its loop, its last successful iteration, the broker. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "dionysus.relay.enabled", havingValue = "true", matchIfMissing = true)
    @Conditions.OnPublishedModels
    public RelayHealth dionysusRelayHealth(DionysusProperties properties, Environment environment) {
        DionysusProperties.Relay relay = properties.getRelay();
        Duration stale = Settings.positive("dionysus.relay.health.stale-after", relay.getHealth().getStaleAfter());
        Settings.positive("dionysus.relay.health.broker-timeout", relay.getHealth().getBrokerTimeout());
        return new RelayHealth(bootstrapServers(properties, environment), stale, relay.getHealth().getBrokerTimeout(),
                Clock.systemUTC());
    }

    /** The relay, when the application publishes a model (or {@code dionysus.relay.enabled=true} says so). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "dionysus.relay.enabled", havingValue = "true", matchIfMissing = true)
    @Conditions.OnPublishedModels
    public RelayLifecycle dionysusRelay(DataSource dataSource, DionysusProperties properties, Environment environment,
            DionysusModels models, OutboxSchemaInitializer schema, ObjectProvider<OutboxRelayListener> listeners,
            ObjectProvider<Outbox> outbox) {
        DionysusProperties.Relay relay = properties.getRelay();
        Settings.positive("dionysus.relay.idle-sleep", relay.getIdleSleep());
        Settings.positive("dionysus.relay.error-sleep", relay.getErrorSleep());
        Settings.positive("dionysus.relay.backoff-base", relay.getBackoffBase());
        Settings.positive("dionysus.relay.backoff-cap", relay.getBackoffCap());
        Settings.notNegative("dionysus.relay.publishing-delay", relay.getPublishingDelay());
        Settings.positive("dionysus.outbox.retention.interval", properties.getOutbox().getRetention().getInterval());
        String servers = bootstrapServers(properties, environment);
        OutboxRelay.Builder builder = OutboxRelay.builder(dataSource, servers)
                .batchSize(relay.getBatchSize())
                .idleSleep(relay.getIdleSleep())
                .errorSleep(relay.getErrorSleep())
                .backoff(relay.getBackoffBase(), relay.getBackoffCap())
                .publishingDelay(relay.getPublishingDelay())
                .asynchronousCommit(relay.isAsynchronousCommit())
                .listener(Listeners.relay(listeners.orderedStream().toList()));
        relay.getProducer().forEach(builder::producerProperty);
        // publish right after commit: the outbox's commits in this JVM wake the relay (its poll finds the others)
        outbox.ifAvailable(written -> builder.wakeOn(written.commitSignal()));
        DionysusProperties.Retention retention = properties.getOutbox().getRetention();
        OutboxRetention cleanup = retention.isEnabled() ? OutboxRetention.builder(dataSource)
                .keepPublished(retention.getPublishedRows()).batchSize(retention.getBatchSize()).build() : null;
        String summary = "bootstrap servers " + servers + ", " + models.all().size() + " published models, batch size "
                + relay.getBatchSize() + ", idle sleep " + Settings.text(relay.getIdleSleep()) + ", back-off "
                + Settings.text(relay.getBackoffBase()) + " to " + Settings.text(relay.getBackoffCap())
                + (relay.isAsynchronousCommit() ? ", commits without waiting for the disk (PostgreSQL)"
                        : ", durable commits") + ", retention " + (cleanup == null ? "off" : Settings.text(retention.getPublishedRows()) + " every "
                + Settings.text(retention.getInterval()));
        return new RelayLifecycle(builder.build(), cleanup, retention.getInterval().toMillis(), summary);
    }

    /** The consumer, when a topic is consumed ({@code @DionysusConsumerTopic} or {@code dionysus.consumer.topics}). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "dionysus.consumer.enabled", havingValue = "true", matchIfMissing = true)
    @Conditions.OnConsumedTopics
    public ConsumerLifecycle dionysusConsumer(DataSource dataSource, DionysusProperties properties,
            Environment environment, OutboxSchemaInitializer schema, ObjectProvider<ConsumerListener> listeners,
            org.springframework.beans.factory.config.ConfigurableListableBeanFactory beans) {
        DionysusProperties.Consumer consumer = properties.getConsumer();
        String clientId = consumer.getClientId() != null ? consumer.getClientId()
                : environment.getProperty("spring.application.name");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalStateException("The Dionysus consumer needs a client id: set dionysus.consumer.client-id"
                    + " or spring.application.name (the group is dionysus_consumer_group_for_<client id>)");
        }
        Settings.positive("dionysus.consumer.retry-base", consumer.getRetryBase());
        Settings.positive("dionysus.consumer.retry-cap", consumer.getRetryCap());
        Settings.positive("dionysus.consumer.poll-timeout", consumer.getPollTimeout());
        Settings.positive("dionysus.consumer.health.stale-after", consumer.getHealth().getStaleAfter());
        String servers = bootstrapServers(properties, environment);
        DionysusConsumer.Builder builder = DionysusConsumer.builder(dataSource, servers, clientId)
                .retry(consumer.getRetryBase(), consumer.getRetryCap())
                .pollTimeout(consumer.getPollTimeout())
                .listener(Listeners.consumer(listeners.orderedStream().toList()));
        if (consumer.getGroupId() != null) {
            builder.groupId(consumer.getGroupId());
        }
        if (!consumer.getTopics().isEmpty()) {
            List<ConsumerTopic> declared = declaredConsumerTopics(beans.getBeanClassLoader());
            List<ConsumerTopic> only = new ArrayList<>();
            for (String topic : consumer.getTopics()) {
                // a declared topic keeps its own dead-letter topic
                only.add(declared.stream().filter(each -> each.topic().equals(topic)).findFirst()
                        .orElse(new ConsumerTopic(topic, topic + "_dlq")));
            }
            builder.onlyTopics(only);
        }
        consumer.getProperties().forEach(builder::consumerProperty);
        consumer.getProducer().forEach(builder::producerProperty);
        DionysusConsumer built = builder.build();
        return new ConsumerLifecycle(built, "bootstrap servers " + servers + ", client id " + clientId + ", topics "
                + built.topics().keySet());
    }

    /** The consumer's health: its loop runs and polls. */
    @Bean
    @ConditionalOnBean(ConsumerLifecycle.class)
    @ConditionalOnMissingBean
    public ConsumerHealth dionysusConsumerHealth(ConsumerLifecycle consumer, DionysusProperties properties) {
        return new ConsumerHealth(() -> consumer.consumer().status(), properties.getConsumer().getHealth()
                .getStaleAfter(), Clock.systemUTC());
    }

    /** {@code dionysus.bootstrap-servers}, else {@code spring.kafka.bootstrap-servers}, else {@code localhost:9092}. */
    static String bootstrapServers(DionysusProperties properties, Environment environment) {
        if (!properties.getBootstrapServers().isEmpty()) {
            return String.join(",", properties.getBootstrapServers());
        }
        String[] spring = environment.getProperty("spring.kafka.bootstrap-servers", String[].class);
        return spring != null && spring.length > 0 ? String.join(",", spring) : "localhost:9092";
    }

    /** The consumed topics declared by the registries on the class path. */
    static List<ConsumerTopic> declaredConsumerTopics(ClassLoader classLoader) {
        List<ConsumerTopic> topics = new ArrayList<>();
        for (DionysusRegistry registry : ServiceLoader.load(DionysusRegistry.class, classLoader)) {
            topics.addAll(registry.consumerTopics());
        }
        return topics;
    }
}

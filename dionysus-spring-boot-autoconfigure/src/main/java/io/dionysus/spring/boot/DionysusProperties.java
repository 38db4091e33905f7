package io.dionysus.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything the Dionysus starter reads, under dionysus.*. Defaults are the runtime's (the README's tables);
 * durations take Spring's forms (200ms, 5s, 7d).
 */
@ConfigurationProperties("dionysus")
public class DionysusProperties {

    /**
     * Kafka bootstrap servers of the relay and the consumer, comma-separated. Default: {@code
     * spring.kafka.bootstrap-servers}, else localhost:9092.
     */
    private List<String> bootstrapServers = new ArrayList<>();

    /**
     * The zone message times are written in, as a Rails application's Time.zone, e.g. Europe/Paris
     * (2024-01-15T11:30:00.123+01:00). Default: UTC (…Z).
     */
    private java.time.ZoneId timeZone;

    private final Outbox outbox = new Outbox();
    private final Capture capture = new Capture();
    private final Schema schema = new Schema();
    private final Relay relay = new Relay();
    private final Consumer consumer = new Consumer();

    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(List<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public java.time.ZoneId getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(java.time.ZoneId timeZone) {
        this.timeZone = timeZone;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public Capture getCapture() {
        return capture;
    }

    public Schema getSchema() {
        return schema;
    }

    public Relay getRelay() {
        return relay;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    /** The outbox writer. */
    public static class Outbox {
        /** Whether outbox rows are written at all (the gem's transactional_outbox_enabled). */
        private boolean enabled = true;

        private final Retention retention = new Retention();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Retention getRetention() {
            return retention;
        }
    }

    /** Deleting published outbox rows (the gem keeps them forever). */
    public static class Retention {
        /** Whether published rows older than published-rows are deleted, by the relay's process. */
        private boolean enabled = true;

        /** How long published rows are kept. Unpublished and failed rows are never deleted. */
        private Duration publishedRows = Duration.ofDays(7);

        /** How often the deletion runs. */
        private Duration interval = Duration.ofMinutes(10);

        /** Rows deleted per statement (and transaction), so a large backlog never locks the table for long. */
        private int batchSize = 1000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPublishedRows() {
            return publishedRows;
        }

        public void setPublishedRows(Duration publishedRows) {
            this.publishedRows = publishedRows;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    /** The automatic capture of JPA/Hibernate entity changes (dionysus-hibernate). */
    public static class Capture {
        /** Whether every change of an entity with a generated publisher is published. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** When the starter creates dionysus_outboxes itself. */
    public enum SchemaMode {
        /** Never: Flyway, Liquibase or a DBA creates it (classpath:db/migration/dionysus/{vendor}). */
        NEVER,
        /** For embedded databases (H2, HSQLDB, Derby) only. */
        EMBEDDED,
        /** Always, idempotently (OutboxSchema.install). */
        ALWAYS
    }

    /** The outbox table. */
    public static class Schema {
        /** When the starter creates the outbox table at startup. */
        private SchemaMode mode = SchemaMode.EMBEDDED;

        public SchemaMode getMode() {
            return mode;
        }

        public void setMode(SchemaMode mode) {
            this.mode = mode;
        }
    }

    /** The outbox relay: publishes the rows to Kafka. */
    public static class Relay {
        /** Whether the relay runs in this application (when it publishes any model). */
        private boolean enabled = true;

        /** Rows claimed per iteration. */
        private int batchSize = 500;

        /**
         * The longest sleep after iterations that published nothing: the first sleeps 10 ms, each further one twice
         * as long, up to this; a commit in the application that wrote outbox rows wakes the relay at once.
         */
        private Duration idleSleep = Duration.ofMillis(200);

        /** Sleep after an iteration that failed (e.g. the database is down). */
        private Duration errorSleep = Duration.ofSeconds(1);

        /** First retry delay of a failed row; doubled per attempt. */
        private Duration backoffBase = Duration.ofSeconds(5);

        /** Longest retry delay of a failed row. */
        private Duration backoffCap = Duration.ofMinutes(10);

        /** Rows are published only this long after they were written (the gem's outbox_worker_publishing_delay). */
        private Duration publishingDelay = Duration.ZERO;

        /**
         * On PostgreSQL, whether an iteration's transaction commits without waiting for the disk (synchronous_commit
         * off for that transaction only). A database crash can then lose the last marks, never a row: those rows are
         * published again. False makes each mark durable at its commit.
         */
        private boolean asynchronousCommit = true;

        /** Kafka producer settings (acks=all and idempotence are forced). */
        private Map<String, String> producer = new LinkedHashMap<>();

        private final RelayHealthSettings health = new RelayHealthSettings();

        public RelayHealthSettings getHealth() {
            return health;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getIdleSleep() {
            return idleSleep;
        }

        public void setIdleSleep(Duration idleSleep) {
            this.idleSleep = idleSleep;
        }

        public Duration getErrorSleep() {
            return errorSleep;
        }

        public void setErrorSleep(Duration errorSleep) {
            this.errorSleep = errorSleep;
        }

        public Duration getBackoffBase() {
            return backoffBase;
        }

        public void setBackoffBase(Duration backoffBase) {
            this.backoffBase = backoffBase;
        }

        public Duration getBackoffCap() {
            return backoffCap;
        }

        public void setBackoffCap(Duration backoffCap) {
            this.backoffCap = backoffCap;
        }

        public Duration getPublishingDelay() {
            return publishingDelay;
        }

        public void setPublishingDelay(Duration publishingDelay) {
            this.publishingDelay = publishingDelay;
        }

        public boolean isAsynchronousCommit() {
            return asynchronousCommit;
        }

        public void setAsynchronousCommit(boolean asynchronousCommit) {
            this.asynchronousCommit = asynchronousCommit;
        }

        public Map<String, String> getProducer() {
            return producer;
        }

        public void setProducer(Map<String, String> producer) {
            this.producer = producer;
        }
    }

    /** When the relay's health indicator reports DOWN. */
    public static class RelayHealthSettings {
        /** DOWN when the last successful iteration is older than this (the database or the loop is stuck). */
        private Duration staleAfter = Duration.ofSeconds(60);

        /** DOWN when the broker does not describe its cluster within this. */
        private Duration brokerTimeout = Duration.ofSeconds(3);

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }

        public Duration getBrokerTimeout() {
            return brokerTimeout;
        }

        public void setBrokerTimeout(Duration brokerTimeout) {
            this.brokerTimeout = brokerTimeout;
        }
    }

    /** When the consumer's health indicator reports DOWN. */
    public static class ConsumerHealthSettings {
        /** DOWN when the consumer has not polled for this long. */
        private Duration staleAfter = Duration.ofSeconds(60);

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }
    }

    /** The consumer: keeps synced models from the consumed topics. */
    public static class Consumer {
        /** Whether the consumer runs (when any topic is consumed). */
        private boolean enabled = true;

        /** The client id. Default: spring.application.name. */
        private String clientId;

        /** The consumer group. Default: dionysus_consumer_group_for_<client-id>, as the gem. */
        private String groupId;

        /** Only these topics. Default: every @DionysusConsumerTopic. */
        private List<String> topics = new ArrayList<>();

        /** First delay before a failed batch is retried; doubled per attempt. */
        private Duration retryBase = Duration.ofMillis(500);

        /** Longest delay before a failed batch is retried. */
        private Duration retryCap = Duration.ofSeconds(30);

        /** Longest wait of one poll. */
        private Duration pollTimeout = Duration.ofMillis(200);

        /** Kafka consumer settings (auto-commit is forced off). */
        private Map<String, String> properties = new LinkedHashMap<>();

        /** Kafka producer settings of the dead-letter producer. */
        private Map<String, String> producer = new LinkedHashMap<>();

        private final ConsumerHealthSettings health = new ConsumerHealthSettings();

        public ConsumerHealthSettings getHealth() {
            return health;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getGroupId() {
            return groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public List<String> getTopics() {
            return topics;
        }

        public void setTopics(List<String> topics) {
            this.topics = topics;
        }

        public Duration getRetryBase() {
            return retryBase;
        }

        public void setRetryBase(Duration retryBase) {
            this.retryBase = retryBase;
        }

        public Duration getRetryCap() {
            return retryCap;
        }

        public void setRetryCap(Duration retryCap) {
            this.retryCap = retryCap;
        }

        public Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }

        public Map<String, String> getProducer() {
            return producer;
        }

        public void setProducer(Map<String, String> producer) {
            this.producer = producer;
        }
    }
}

package io.dionysus.spring.boot;

import io.dionysus.testkit.TestKafka;

/** The test run's Kafka broker (the test kit's), started once per JVM, with the application's topics. */
final class Broker {

    private static TestKafka kafka;

    private Broker() {
    }

    static synchronized TestKafka kafka() {
        if (kafka == null) {
            kafka = TestKafka.fromEnvironment();
            kafka.createTopic("dionysus_demo_users", 1);
            kafka.createTopic("dionysus_demo_users_errors", 1);
            TestKafka started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return kafka;
    }
}

package io.dionysus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The relay's health follows its broker: DOWN while it is stopped, UP when it is back on the same port. */
@SpringBootTest(classes = io.dionysus.spring.boot.it.TestApplication.class, properties = {
        "dionysus.consumer.enabled=false", "dionysus.relay.health.broker-timeout=1s"})
class RelayHealthTest {

    private static EmbeddedKafka broker = EmbeddedKafka.start();

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Databases.register(TestDatabase.Kind.H2, registry);
        registry.add("dionysus.bootstrap-servers", () -> broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void downWhileTheBrokerIsStoppedAndUpWhenItIsBack() throws InterruptedException {
        awaitStatus("UP");
        int port = broker.port();
        broker.close();
        Map<String, Object> down = awaitStatus("DOWN");
        assertEquals(false, down.get("brokerReachable"), down.toString());
        broker = EmbeddedKafka.start(port);
        awaitStatus("UP");
    }

    private Map<String, Object> awaitStatus(String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Map.Entry<String, Map<String, Object>> health = HealthProbe.health(context,
                    "dionysusRelayHealthIndicator");
            if (health.getKey().equals(status)) {
                return health.getValue();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("relay health stayed " + health);
            }
            Thread.sleep(200);
        }
    }
}

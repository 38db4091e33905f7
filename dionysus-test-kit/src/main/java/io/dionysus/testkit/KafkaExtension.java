package io.dionysus.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link TestKafka} parameter: one broker per test JVM, started on first use and shared by every
 * test class, stopped when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class MyTest {
 *     @Test void publishes(TestKafka kafka) { ... }
 * }
 * }</pre>
 */
public final class KafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The broker of this test run. */
    public static TestKafka shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestKafka.class, k -> TestKafka.fromEnvironment(), TestKafka.class);
    }
}

package io.dionysus.cli;

import io.dionysus.runtime.PublishedModel;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.runtime.spi.DionysusRegistry;
import io.dionysus.runtime.spi.ModelRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dionysus topics}: the topics of every generated registry on the class path (found with
 * {@link ServiceLoader}, as the runtime finds them): per topic the model, its events, the message key, the
 * partitioning, the genesis twin and the tombstone; then the topics consumed. With {@code --asyncapi} it prints the
 * AsyncAPI documents the processor wrote ({@code META-INF/dionysus/asyncapi.yaml}).
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Lists the topics, models, events and partitioning of every generated registry on the class"
                + " path (put your application's jars on it: DIONYSUS_CLASSPATH for bin/dionysus).",
                "--asyncapi prints the AsyncAPI documents the processor generated instead."})
final class TopicsCommand implements Callable<Integer> {

    static final String ASYNCAPI_RESOURCE = "META-INF/dionysus/asyncapi.yaml";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--asyncapi", description = "Print the generated AsyncAPI 3.0 documents (" + ASYNCAPI_RESOURCE
            + ").")
    private boolean asyncApi;

    /** One published topic of one model. */
    record TopicLine(String topic, ModelRegistration<?> registration, PublishedModel.TopicFacts facts,
            boolean genesis) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (asyncApi) {
            return printAsyncApi(out);
        }
        List<TopicLine> lines = new ArrayList<>();
        List<ConsumerTopic> consumed = new ArrayList<>();
        int registries = 0;
        for (DionysusRegistry registry : ServiceLoader.load(DionysusRegistry.class)) {
            registries++;
            for (ModelRegistration<?> registration : registry.models()) {
                for (PublishedModel.TopicFacts facts : registration.model().topicFacts()) {
                    lines.add(new TopicLine(facts.topic(), registration, facts, false));
                    if (facts.genesisTwin() != null) {
                        lines.add(new TopicLine(facts.genesisTwin(), registration, facts, true));
                    }
                }
            }
            consumed.addAll(registry.consumerTopics());
        }
        if (registries == 0) {
            spec.commandLine().getErr().println("dionysus: no generated registry on the class path (add your"
                    + " application's jars: DIONYSUS_CLASSPATH for bin/dionysus, or java -cp)");
            spec.commandLine().getErr().flush();
            return 1;
        }
        lines.sort(Comparator.comparing(TopicLine::topic).thenComparing(line -> line.registration().model()
                .modelName()));
        for (TopicLine line : lines) {
            PublishedModel<?> model = line.registration().model();
            String prefix = model.serializer().eventPrefix();
            PublishedModel.TopicFacts facts = line.facts();
            out.println(line.topic() + (line.genesis() ? " (genesis twin of " + facts.topic() + ")" : ""));
            out.println("  model         " + model.modelName() + " (" + line.registration().modelClass().getName()
                    + ")");
            out.println("  events        " + prefix + "_created, " + prefix + "_updated, " + prefix + "_destroyed");
            out.println("  message key   " + model.modelName() + ":<id>");
            out.println("  partitioning  " + partitioning(facts));
            out.println("  tombstone     " + (facts.jsonNullTombstone() ? "the text null (4 bytes)"
                    : "a Kafka null value"));
            if (!line.genesis() && facts.genesisTwin() != null) {
                out.println("  genesis twin  " + facts.genesisTwin());
            }
            if (facts.sideloads() != 0) {
                out.println("  sideloads     " + Integer.bitCount(facts.sideloads()) + " relationship"
                        + (Integer.bitCount(facts.sideloads()) == 1 ? "" : "s") + " (with)");
            }
        }
        if (!consumed.isEmpty()) {
            out.println();
            out.println("Consumed:");
            for (ConsumerTopic topic : consumed) {
                out.println("  " + topic.topic() + " (dead letters: " + topic.deadLetterTopic() + ")");
            }
        }
        out.flush();
        return 0;
    }

    private static String partitioning(PublishedModel.TopicFacts facts) {
        String key = facts.partitionKey()
                ? "by partition key (" + (facts.partitionKeyResolver() ? "a resolver" : "an attribute") + ")"
                : "by message key";
        String partitioner = facts.rubyPartitioning()
                ? "as Ruby producers (librdkafka consistent_random: CRC32)" : "Kafka's default partitioner";
        return key + ", " + partitioner;
    }

    private int printAsyncApi(PrintWriter out) throws IOException {
        List<URL> documents = Collections.list(TopicsCommand.class.getClassLoader().getResources(ASYNCAPI_RESOURCE));
        if (documents.isEmpty()) {
            spec.commandLine().getErr().println("dionysus: no " + ASYNCAPI_RESOURCE + " on the class path (it is"
                    + " written by the Dionysus processor 0.1 and later into your application's classes)");
            spec.commandLine().getErr().flush();
            return 1;
        }
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.println("---");
            }
            try (InputStream in = documents.get(i).openStream()) {
                out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        out.flush();
        return 0;
    }
}

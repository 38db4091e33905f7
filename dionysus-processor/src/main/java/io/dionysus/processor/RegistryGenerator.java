package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Register phase: a registry in the models' common package listing the models generated since the last one (one
 * per compilation unless a later round brings more models), sorted by class name so the output is deterministic. It is named after the first model,
 * {@code <FirstModel>DionysusRegistry}: main and test sources of one package (or two modules sharing a package)
 * then get different registries instead of one shadowing the other on the class path.
 */
final class RegistryGenerator {

    static final String SUFFIX = "DionysusRegistry";

    private final GeneratedTypes generatedTypes;

    RegistryGenerator(GeneratedTypes generatedTypes) {
        this.generatedTypes = generatedTypes;
    }

    /** The registry's class name for these models. */
    static ClassName registryName(List<ClassName> sortedClasses) {
        String common = null;
        for (ClassName type : sortedClasses) {
            String pkg = type.packageName();
            common = common == null ? pkg : commonPackage(common, pkg);
        }
        ClassName first = sortedClasses.get(0);
        return ClassName.get(common == null ? "" : common, String.join("_", first.simpleNames()) + SUFFIX);
    }

    static String commonPackage(String a, String b) {
        String[] left = a.isEmpty() ? new String[0] : a.split("\\.");
        String[] right = b.isEmpty() ? new String[0] : b.split("\\.");
        List<String> common = new ArrayList<>();
        for (int i = 0; i < Math.min(left.length, right.length) && left[i].equals(right[i]); i++) {
            common.add(left[i]);
        }
        return String.join(".", common);
    }

    /**
     * The registry of these models; {@code taken} tells a name already written in this compilation (an earlier
     * round's registry whose first model had the same name), which then gets a number: {@code …DionysusRegistry2}.
     */
    JavaFile generate(List<ModelDescriptor> models, List<SyncedModelDescriptor> synced,
            List<ConsumerTopicModel> topics, java.util.function.Predicate<ClassName> taken) {
        List<ModelDescriptor> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparing(m -> m.modelClass().canonicalName()));
        List<SyncedModelDescriptor> sortedSynced = new ArrayList<>(synced);
        sortedSynced.sort(Comparator.comparing(m -> m.modelClass().canonicalName()));
        List<ClassName> classes = new ArrayList<>();
        sorted.forEach(m -> classes.add(m.modelClass()));
        sortedSynced.forEach(m -> classes.add(m.modelClass()));
        topics.forEach(t -> classes.add(ClassName.get(t.element())));
        classes.sort(Comparator.comparing(ClassName::canonicalName));
        ClassName base = registryName(classes);
        ClassName self = base;
        for (int n = 2; taken.test(self); n++) {
            self = base.peerClass(base.simpleName() + n);
        }
        TypeName registration = ParameterizedTypeName.get(RuntimeNames.MODEL_REGISTRATION,
                WildcardTypeName.subtypeOf(Object.class));
        List<CodeBlock> entries = new ArrayList<>();
        for (ModelDescriptor model : sorted) {
            // explicit type arguments: with a diamond in each element of one List.of(...) call, javac infers the
            // whole list as one poly expression, which cost ~1.4 s of a 200-model compilation (compile-time.sh)
            entries.add(CodeBlock.of("new $T<$T>($T.class, $T.MODEL, $T.class, $T::new)",
                    RuntimeNames.MODEL_REGISTRATION, model.modelClass(), model.modelClass(), model.publisherClass(),
                    model.publisherClass(), model.publisherClass()));
        }
        TypeSpec.Builder type = generatedTypes.annotate(TypeSpec.classBuilder(self))
                .addJavadoc("The Dionysus models of this module, found by the runtime through"
                        + " {@link java.util.ServiceLoader}.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.REGISTRY)
                .addMethod(MethodSpec.methodBuilder("models")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(ParameterizedTypeName.get(ClassName.get(List.class), registration))
                        .addStatement(entries.isEmpty() ? CodeBlock.of("return $T.of()", List.class)
                                : CodeBlock.of("return $T.<$T>of(\n$>$L$<)", List.class, registration,
                                        CodeBlock.join(entries, ",\n")))
                        .build());
        if (!sortedSynced.isEmpty()) {
            List<CodeBlock> factories = new ArrayList<>();
            sortedSynced.forEach(m -> factories.add(CodeBlock.of("$T.INSTANCE", m.factoryClass())));
            // an explicit element type: otherwise javac computes the least upper bound of every factory class
            TypeName factory = ParameterizedTypeName.get(ClassName.get(RuntimeNames.RUNTIME, "DionysusModelFactory"),
                    WildcardTypeName.subtypeOf(Object.class));
            type.addMethod(MethodSpec.methodBuilder("modelFactories")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(ClassName.get(List.class), factory))
                    .addStatement("return $T.<$T>of(\n$>$L$<)", List.class, factory,
                            CodeBlock.join(factories, ",\n"))
                    .build());
        }
        if (!topics.isEmpty()) {
            ClassName consumerTopic = ClassName.get(RuntimeNames.RUNTIME + ".spi", "ConsumerTopic");
            List<CodeBlock> entriesOfTopics = new ArrayList<>();
            topics.forEach(t -> entriesOfTopics.add(CodeBlock.of("new $T($S, $S)", consumerTopic, t.topic(),
                    t.effectiveDeadLetterTopic())));
            type.addMethod(MethodSpec.methodBuilder("consumerTopics")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(ClassName.get(List.class), consumerTopic))
                    .addStatement("return $T.of(\n$>$L$<)", List.class, CodeBlock.join(entriesOfTopics, ",\n"))
                    .build());
        }
        sorted.forEach(model -> type.addOriginatingElement(model.element()));
        sortedSynced.forEach(model -> type.addOriginatingElement(model.element()));
        return GeneratedTypes.file(self.packageName(), type.build());
    }
}

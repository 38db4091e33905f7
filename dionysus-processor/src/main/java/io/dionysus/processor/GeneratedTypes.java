package io.dionysus.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;

/** What every generated type shares: the marker annotations and the file settings. */
final class GeneratedTypes {

    private final boolean generatedAvailable;

    GeneratedTypes(boolean generatedAvailable) {
        this.generatedAvailable = generatedAvailable;
    }

    TypeSpec.Builder annotate(TypeSpec.Builder type) {
        type.addAnnotation(RuntimeNames.GENERATED_MARKER);
        if (generatedAvailable) {
            type.addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(RuntimeNames.GENERATED))
                    .addMember("value", "$S", DionysusProcessor.class.getName())
                    .build());
        }
        return type;
    }

    static JavaFile file(String packageName, TypeSpec type) {
        return JavaFile.builder(packageName, type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }
}

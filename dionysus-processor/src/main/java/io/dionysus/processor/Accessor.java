package io.dionysus.processor;

import com.palantir.javapoet.CodeBlock;

/**
 * How generated code reads a member without reflection.
 *
 * @param kind field access or method call
 * @param name the field or method name
 */
record Accessor(Kind kind, String name) {

    enum Kind { FIELD, METHOD }

    /** {@code model.name} or {@code model.getName()}. */
    CodeBlock read(String target) {
        return kind == Kind.FIELD ? CodeBlock.of("$L.$N", target, name) : CodeBlock.of("$L.$N()", target, name);
    }
}

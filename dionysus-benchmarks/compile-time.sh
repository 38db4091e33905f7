#!/usr/bin/env bash
# What the Dionysus annotation processor adds to javac: 200 generated models compiled with the processor and with
# -proc:none, interleaved rounds, median ratio and spread (CompileTimeHarness).
# Usage: dionysus-benchmarks/compile-time.sh [models=200] [rounds=7]   (from anywhere; builds the jars it needs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
models="${1:-200}"
rounds="${2:-7}"
work="${COMPILE_TIME_DIR:-$(mktemp -d)}"
version=0.1.0-SNAPSHOT

# the jars of the annotations, the runtime and the processor (package, not install: nothing lands in ~/.m2)
mvn -B -q -o package -DskipTests -pl dionysus-processor -am
# third-party dependencies: the runtime's (what a user's model code compiles against) and the processor's (JavaPoet)
mvn -B -q -o dependency:build-classpath -pl dionysus-runtime -Dmdep.includeScope=compile \
    -DexcludeGroupIds=io.dionysus -Dmdep.outputFile="$work/runtime.cp"
mvn -B -q -o dependency:build-classpath -pl dionysus-processor -Dmdep.includeScope=compile \
    -DexcludeGroupIds=io.dionysus,com.google.auto.service -Dmdep.outputFile="$work/processor.cp"
# jakarta.persistence for the consumer models' @Id and @Table (a test dependency of the processor)
mvn -B -q -o dependency:build-classpath -pl dionysus-processor -Dmdep.includeScope=test \
    -DincludeArtifactIds=jakarta.persistence-api -Dmdep.outputFile="$work/jpa.cp"

modules="$root/dionysus-annotations/target/dionysus-annotations-$version.jar:$root/dionysus-runtime/target/dionysus-runtime-$version.jar"
classpath="$modules:$(cat "$work/runtime.cp"):$(cat "$work/jpa.cp")"
processorpath="$root/dionysus-processor/target/dionysus-processor-$version.jar:$modules:$(cat "$work/processor.cp")"

echo "work dir: $work; $(javac -version 2>&1); $(nproc) cores"
java "$root/dionysus-benchmarks/src/main/java/io/dionysus/benchmarks/CompileTimeHarness.java" \
    "$work" "$classpath" "$processorpath" "$models" "$rounds"

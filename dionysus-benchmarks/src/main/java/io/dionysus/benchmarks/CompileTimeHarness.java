package io.dionysus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the annotation processor adds to a build: writes {@code models} realistic annotated models (producer models
 * with {@code @DionysusTopic} on four topics, varied attribute types, getters and setters, to-one relationships,
 * some with {@code with} dependencies and a partition key; every fifth one a {@code @SyncedModel} consumer model) and
 * compiles them with {@code javac} twice per round, in fresh JVMs: with the processor on the processor path, and
 * the same sources with {@code -proc:none}. After one untimed warm-up of each, the two alternate in order round by
 * round, so that a busy machine slows both alike; the result is the median of the per-round ratios (with min–max)
 * of the wall-clock time and, where {@code /usr/bin/time} exists, of the CPU time (user + system) of the javac
 * process. Dependency-free so that {@code compile-time.sh} runs it as a source file.
 *
 * <p>Arguments: {@code <work dir> <compile classpath> <processor path> [models] [rounds]} (defaults 200 and 7); the
 * classpaths as {@code javac} takes them, the processor path holding the processor jar and its dependencies.
 */
public final class CompileTimeHarness {

    private static final String[] NOUNS = {"Booking", "Rental", "Account", "Invoice", "Payment", "Guest", "Room",
        "Fee", "Review", "Listing", "Host", "Season", "Rate", "Tax", "Photo", "Amenity", "Message", "Contract",
        "Discount", "Channel"};

    private CompileTimeHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String classpath = args[1];
        String processorPath = args[2];
        int models = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        Path sources = work.resolve("src");
        List<Path> files = writeModels(sources.resolve("bench/models"), models);
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        Files.write(work.resolve("sources.txt"), files.stream().map(Path::toString).toList());
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        System.out.printf(Locale.ROOT, "%d models, %d source files, %.1f KB of model source per model%n", models,
                files.size(), bytes / 1024.0 / models);

        Measurement warmWith = compile(work, classpath, processorPath, true, timed);
        compile(work, classpath, processorPath, false, timed);
        long generatedBytes = 0;
        int generatedFiles = 0;
        try (Stream<Path> walk = Files.walk(work.resolve("gen-with"))) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                generatedFiles++;
                generatedBytes += Files.size(p);
            }
        }
        System.out.printf(Locale.ROOT, "generated: %d files, %.1f KB per model (warm-up with processor %.2f s)%n",
                generatedFiles, generatedBytes / 1024.0 / models, warmWith.wall);

        double[] wallRatios = new double[rounds];
        double[] cpuRatios = new double[rounds];
        double[] wallWith = new double[rounds];
        double[] wallWithout = new double[rounds];
        double[] cpuWith = new double[rounds];
        double[] cpuWithout = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Measurement with;
            Measurement without;
            if (round % 2 == 0) {
                with = compile(work, classpath, processorPath, true, timed);
                without = compile(work, classpath, processorPath, false, timed);
            } else {
                without = compile(work, classpath, processorPath, false, timed);
                with = compile(work, classpath, processorPath, true, timed);
            }
            wallWith[round] = with.wall;
            wallWithout[round] = without.wall;
            cpuWith[round] = with.cpu;
            cpuWithout[round] = without.cpu;
            wallRatios[round] = with.wall / without.wall;
            cpuRatios[round] = timed ? with.cpu / without.cpu : Double.NaN;
            System.out.printf(Locale.ROOT, "round %d: with %.2f s (cpu %.2f s), -proc:none %.2f s (cpu %.2f s), "
                    + "ratio %.2f (cpu %.2f)%n", round + 1, with.wall, with.cpu, without.wall, without.cpu,
                    wallRatios[round], cpuRatios[round]);
        }
        System.out.printf(Locale.ROOT, "median wall: with processor %.2f s, -proc:none %.2f s%n", median(wallWith),
                median(wallWithout));
        System.out.printf(Locale.ROOT, "wall ratio with/without: median %.2f (min %.2f, max %.2f)%n",
                median(wallRatios), min(wallRatios), max(wallRatios));
        if (timed) {
            System.out.printf(Locale.ROOT, "median cpu: with processor %.2f s, -proc:none %.2f s%n", median(cpuWith),
                    median(cpuWithout));
            System.out.printf(Locale.ROOT, "cpu ratio with/without: median %.2f (min %.2f, max %.2f)%n",
                    median(cpuRatios), min(cpuRatios), max(cpuRatios));
        }
    }

    private record Measurement(double wall, double cpu) {
    }

    private static Measurement compile(Path work, String classpath, String processorPath, boolean processor,
            boolean timed) throws IOException, InterruptedException {
        Path out = work.resolve(processor ? "out-with" : "out-without");
        Path gen = work.resolve(processor ? "gen-with" : "gen-without");
        deleteTree(out);
        deleteTree(gen);
        Files.createDirectories(out);
        Files.createDirectories(gen);
        Path timeFile = work.resolve("time.txt");
        List<String> command = new ArrayList<>();
        if (timed) {
            command.addAll(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", timeFile.toString()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        command.addAll(List.of("-d", out.toString(), "-s", gen.toString(), "-cp", classpath, "-encoding", "UTF-8"));
        if (processor) {
            command.addAll(List.of("-processorpath", processorPath));
        } else {
            command.add("-proc:none");
        }
        command.add("@" + work.resolve("sources.txt"));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(processor ? "javac-with.log" : "javac-without.log").toFile()).start();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("javac failed (exit " + exit + "), see "
                    + work.resolve(processor ? "javac-with.log" : "javac-without.log"));
        }
        double cpu = Double.NaN;
        if (timed) {
            String[] parts = Files.readAllLines(timeFile).get(0).trim().split(" ");
            cpu = Double.parseDouble(parts[1]) + Double.parseDouble(parts[2]);
        }
        return new Measurement(wall, cpu);
    }

    private static List<Path> writeModels(Path dir, int models) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            String source = isSynced(i) ? syncedModel(i) : producerModel(i, models);
            Path file = dir.resolve(name(i) + ".java");
            Files.writeString(file, source);
            files.add(file);
        }
        return files;
    }

    private static boolean isSynced(int i) {
        return i % 5 == 4;
    }

    private static String name(int i) {
        return (isSynced(i) ? "Synced" + NOUNS[(i - 1) % NOUNS.length] + (i - 1) : NOUNS[i % NOUNS.length] + i);
    }

    private static String producerModel(int i, int models) {
        StringBuilder fields = new StringBuilder();
        List<String[]> members = new ArrayList<>();
        members.add(new String[] {"Long", "id"});
        members.add(new String[] {"String", "name"});
        members.add(new String[] {"String", "description"});
        members.add(new String[] {"Status", "status"});
        members.add(new String[] {"BigDecimal", "price"});
        members.add(new String[] {"int", "quantity"});
        members.add(new String[] {"boolean", "active"});
        members.add(new String[] {"Long", "accountId"});
        members.add(new String[] {"UUID", "externalId"});
        members.add(new String[] {"LocalDate", "startsOn"});
        members.add(new String[] {"Instant", "createdAt"});
        members.add(new String[] {"Instant", "updatedAt"});
        if (i % 2 == 0) {
            members.add(new String[] {"List<String>", "tags"});
        }
        if (i % 3 == 0) {
            members.add(new String[] {"Double", "rating"});
            members.add(new String[] {"OffsetDateTime", "confirmedAt"});
        }
        // a to-one relationship to the previous producer model, linked as <name>_id
        if (i % 3 == 1 && i > 1) {
            int target = isSynced(i - 1) ? i - 2 : i - 1;
            members.add(new String[] {name(target), "owner"});
        }
        // every tenth model holds a list of the next model and sideloads it (with)
        String with = "";
        if (i % 10 == 0 && i + 1 < models && !isSynced(i + 1)) {
            members.add(new String[] {"List<" + name(i + 1) + ">", "items"});
            with = ", with = " + name(i + 1) + ".class";
        }
        // the with dependency's way back to its parent, so that its changes republish the parent
        String back = "";
        String backAccessors = "";
        if (i % 10 == 1) {
            back = "    private " + name(i - 1) + " parent;\n";
            backAccessors = accessors(name(i - 1), "parent");
        }
        String partitionKey = i % 4 == 0 ? ", partitionKey = \"accountId\"" : "";
        StringBuilder accessors = new StringBuilder();
        for (String[] member : members) {
            fields.append("    @Serialize private ").append(member[0]).append(' ').append(member[1]).append(";\n");
            accessors.append(accessors(member[0], member[1]));
        }
        return "package bench.models;\n\n"
                + "import io.dionysus.annotations.DionysusTopic;\n"
                + "import io.dionysus.annotations.Serialize;\n"
                + "import java.math.BigDecimal;\n"
                + "import java.time.Instant;\n"
                + "import java.time.LocalDate;\n"
                + "import java.time.OffsetDateTime;\n"
                + "import java.util.List;\n"
                + "import java.util.UUID;\n\n"
                + "/** Benchmark producer model " + i + ". */\n"
                + "@DionysusTopic(namespace = \"bench\", name = \"topic" + (i % 4) + "\"" + partitionKey + with
                + ")\n"
                + "public class " + name(i) + " {\n"
                + "    public enum Status { DRAFT, ACTIVE, ARCHIVED }\n\n"
                + fields + back + "\n" + accessors + backAccessors + "}\n";
    }

    private static String syncedModel(int i) {
        List<String[]> members = new ArrayList<>();
        members.add(new String[] {"String", "name"});
        members.add(new String[] {"String", "description"});
        members.add(new String[] {"String", "status"});
        members.add(new String[] {"BigDecimal", "price"});
        members.add(new String[] {"int", "quantity"});
        members.add(new String[] {"boolean", "active"});
        members.add(new String[] {"Long", "accountId"});
        members.add(new String[] {"UUID", "externalId"});
        members.add(new String[] {"LocalDate", "startsOn"});
        members.add(new String[] {"Long", "syncedId"});
        members.add(new String[] {"Instant", "syncedCreatedAt"});
        members.add(new String[] {"Instant", "syncedUpdatedAt"});
        members.add(new String[] {"String", "syncedData"});
        StringBuilder fields = new StringBuilder("    @Id @GeneratedValue private Long id;\n");
        StringBuilder accessors = new StringBuilder(accessors("Long", "id"));
        for (String[] member : members) {
            fields.append("    private ").append(member[0]).append(' ').append(member[1]).append(";\n");
            accessors.append(accessors(member[0], member[1]));
        }
        String producer = NOUNS[(i - 1) % NOUNS.length] + (i - 1);
        return "package bench.models;\n\n"
                + "import io.dionysus.annotations.DionysusConsumerTopic;\n"
                + "import io.dionysus.annotations.SyncedModel;\n"
                + "import jakarta.persistence.GeneratedValue;\n"
                + "import jakarta.persistence.Id;\n"
                + "import jakarta.persistence.Table;\n"
                + "import java.math.BigDecimal;\n"
                + "import java.time.Instant;\n"
                + "import java.time.LocalDate;\n"
                + "import java.util.UUID;\n\n"
                + "/** Benchmark consumer model " + i + ": the synced copy of {@code " + producer + "}. */\n"
                + "@Table(name = \"synced_" + producer.toLowerCase(Locale.ROOT) + "s\")\n"
                + "@SyncedModel(\"" + producer + "\")\n"
                + "@DionysusConsumerTopic(namespace = \"bench\", name = \"topic" + ((i - 1) % 4) + "\")\n"
                + "public class " + name(i) + " {\n"
                + fields + "\n" + accessors + "}\n";
    }

    private static String accessors(String type, String field) {
        String suffix = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        String getter = (type.equals("boolean") ? "is" : "get") + suffix;
        return "    public " + type + " " + getter + "() {\n        return " + field + ";\n    }\n\n"
                + "    public void set" + suffix + "(" + type + " " + field + ") {\n        this." + field + " = "
                + field + ";\n    }\n\n";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}

package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers {@code --help} with its usage; a bare group prints its usage too. */
class HelpTest {

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(DionysusCli.commandLine(), new ArrayList<>(), paths);
        assertEquals(List.of(List.of(), List.of("outbox"), List.of("outbox", "status"), List.of("outbox", "failed"),
                List.of("outbox", "retry"), List.of("outbox", "skip"), List.of("outbox", "cleanup"),
                List.of("topics"), List.of("tail")), paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli help = Cli.run(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), help.toString());
            String usage = "Usage: dionysus" + (path.isEmpty() ? "" : " " + String.join(" ", path));
            assertTrue(help.out().startsWith(usage), help.out());
            assertTrue(help.out().contains("-h, --help"), help.out());
        }
        Cli bare = Cli.run("outbox");
        assertEquals(2, bare.exitCode(), "no subcommand is bad usage: " + bare);
        assertTrue(bare.err().contains("Commands:\n  status"), bare.err());
        Cli top = Cli.run("--help");
        assertTrue(top.out().contains("Exit codes:"), top.out());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Cli unknown = Cli.run("outbox", "purge");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unmatched argument at index 1: 'purge'"), unknown.err());
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        for (var entry : command.getSubcommands().entrySet()) {
            if (entry.getKey().equals("help")) {
                continue;
            }
            List<String> next = new ArrayList<>(path);
            next.add(entry.getKey());
            collect(entry.getValue(), next, paths);
        }
    }
}

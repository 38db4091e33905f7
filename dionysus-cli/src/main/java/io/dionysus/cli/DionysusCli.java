package io.dionysus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dionysus} command: operates the outbox ({@code outbox status|failed|retry|skip|cleanup}), lists the
 * topics of the generated registries on the class path ({@code topics}) and shows what a topic really carries
 * ({@code tail}). Built on picocli; every command has {@code --help}.
 *
 * <p>Exit codes: 0 done; 1 an error (database or broker unreachable, nothing matched); 2 bad usage (picocli's);
 * {@value #EXIT_STALLED} {@code outbox status} found rows waiting longer than its {@code --stalled-after}.
 */
@Command(name = "dionysus", mixinStandardHelpOptions = true, versionProvider = DionysusCli.Version.class,
        description = "Operates a Dionysus outbox and shows its topics.",
        subcommands = {OutboxCommand.class, TopicsCommand.class, TailCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:an error (database or broker unreachable, nothing matched)", "2:bad usage",
                "3:outbox status: rows waiting longer than --stalled-after"})
public final class DionysusCli implements Runnable {

    /** The exit code of {@code outbox status} when a row waits longer than its threshold. */
    public static final int EXIT_STALLED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command with {@code args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, ready to {@code execute}: durations such as {@code 7d} or {@code 15m} are understood, enum
     * values are case-insensitive. Tests set its out and err writers.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DionysusCli());
        commandLine.registerConverter(java.time.Duration.class, new DurationConverter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println(command.getColorScheme().errorText("dionysus: " + message(exception)));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    /** The exception's message and its causes', on one line (a table or a log line stays whole). */
    static String message(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            // a missing table: SQLSTATE 42S02 (MariaDB/MySQL), 42P01 (PostgreSQL), H2 2.x's error codes 42102 and
            // 42104; the statement in the driver's message is no help
            if (cause instanceof java.sql.SQLException sql
                    && (java.util.Set.of("42S02", "42P01").contains(sql.getSQLState())
                            || sql.getErrorCode() == 42102 || sql.getErrorCode() == 42104)) {
                return "no outbox table dionysus_outboxes in this database: create it with"
                        + " OutboxSchema.install(dataSource) or your migrations (README, \"Outbox table\")";
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        StringBuilder text = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return OutboxStatusCommand.oneLine(text.toString());
    }

    @Override
    public void run() {
        // picocli's convention for bad usage: the message and the usage on standard error, exit code 2
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The version from the jar's manifest, or {@code development} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DionysusCli.class.getPackage().getImplementationVersion();
            return new String[] {"dionysus " + (version == null ? "development" : version)};
        }
    }
}

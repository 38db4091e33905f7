package io.dionysus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dionysus outbox}: the outbox table's commands. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Looks into the outbox table (dionysus_outboxes) and acts on failed rows.",
        subcommands = {OutboxStatusCommand.class, OutboxFailedCommand.class, OutboxRetryCommand.class,
                OutboxSkipCommand.class, OutboxCleanupCommand.class})
final class OutboxCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // picocli's convention for bad usage: the message and the usage on standard error, exit code 2
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}

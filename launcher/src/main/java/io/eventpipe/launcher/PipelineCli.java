package io.eventpipe.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code ./pipeline} command line: one subcommand per part of the pipeline, plus the embedded demo. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand too; help is answered before required options are checked.
    scope = ScopeType.INHERIT,
    version = "eventpipe 0.1.0",
    description = "Observability event pipeline on Apache Kafka.",
    subcommands = {
        DemoCommand.class,
        BrokerCommand.class,
        SimulateCommand.class,
        TailCommand.class,
        AggregatorCommand.class,
        GpuCollectorCommand.class,
        AlertRouterCommand.class,
        ReplayCommand.class,
    })
public final class PipelineCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and the tests. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PipelineCli());
    cli.setExecutionExceptionHandler(new CliErrors());
    return cli;
  }
}

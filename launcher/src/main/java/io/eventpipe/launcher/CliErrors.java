package io.eventpipe.launcher;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures a user can act on (port taken, broker unreachable, bad config) into one clear line on
 * stderr and exit code 2; anything else is a bug and keeps its stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) throws Exception {
    if (e instanceof UserError || e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      cli.getErr().println("error: " + e.getMessage());
      return 2;
    }
    throw e;
  }

  /** A failure whose message tells the user what to change. */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }
}

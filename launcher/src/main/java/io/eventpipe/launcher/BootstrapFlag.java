package io.eventpipe.launcher;

import java.util.regex.Pattern;

/** The {@code --bootstrap HOST:PORT[,HOST:PORT...]} flag every Kafka-facing subcommand takes, checked the same way. */
final class BootstrapFlag {
  private static final Pattern SERVERS = Pattern.compile("[^\\s:,]+:\\d{1,5}(,[^\\s:,]+:\\d{1,5})*");

  private BootstrapFlag() {}

  static String require(String bootstrap) {
    if (bootstrap == null || !SERVERS.matcher(bootstrap).matches()) {
      throw new CliErrors.UserError("--bootstrap must be HOST:PORT[,HOST:PORT...], got '" + bootstrap + "'");
    }
    return bootstrap;
  }
}

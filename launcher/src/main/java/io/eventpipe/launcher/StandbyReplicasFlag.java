package io.eventpipe.launcher;

import picocli.CommandLine.Option;

/** The {@code --standby-replicas N} flag of the Kafka Streams apps (aggregator, alert-router), checked one way. */
final class StandbyReplicasFlag {

  @Option(names = "--standby-replicas", paramLabel = "N", defaultValue = "0",
      description = "Warm copies of each task's state kept on other instances, so a failed-over task resumes without "
          + "replaying its changelog (Kafka Streams num.standby.replicas; default ${DEFAULT-VALUE}). "
          + "Needs more instances than N to take effect.")
  int replicas;

  /** The number of standby replicas; a negative one is a user error naming the flag. */
  int require() {
    if (replicas < 0) {
      throw new CliErrors.UserError("--standby-replicas must be at least 0, got " + replicas);
    }
    return replicas;
  }
}

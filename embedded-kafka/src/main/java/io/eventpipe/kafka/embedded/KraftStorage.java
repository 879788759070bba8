package io.eventpipe.kafka.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** Formats a KRaft node's log directory the first time; a formatted directory keeps its cluster id and data. */
final class KraftStorage {
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KraftStorage() {}

  /**
   * Formats {@code logDir} for node {@code nodeId} of cluster {@code clusterId} with a static controller quorum
   * (controller.quorum.voters), creating the SCRAM credentials given as {@code MECHANISM=[name=..,password=..]}.
   */
  static void format(Path logDir, int nodeId, String clusterId, List<String> scramArguments) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // formatted by an earlier run: keep its cluster id and data
    }
    try {
      new Formatter()
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toString()))
          .setReleaseVersion(MetadataVersion.latestProduction())
          // Transactions v2 (the 4.x default) made the single-node broker reject exactly-once Streams appends
          // with OutOfOrderSequenceException ("Expected sequence 0 for transactions v2 idempotent producer with
          // no existing state") under load, forcing aborts and retries; v1 shows none. Measured in
          // AggregatorBenchmark: hundreds of broker errors per run with v2, zero with v1.
          .setFeatureLevel("transaction.version", (short) 1)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setScramArguments(scramArguments)
          .setIgnoreFormatted(true)
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka data directory " + logDir + ": " + e.getMessage(), e);
    }
  }
}

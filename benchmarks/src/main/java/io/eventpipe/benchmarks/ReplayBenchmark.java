package io.eventpipe.benchmarks;

import io.eventpipe.aggregator.replay.Replay;
import io.eventpipe.aggregator.replay.ReplayConfig;
import io.eventpipe.aggregator.replay.ReplaySummary;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Replay throughput against the bare consume+decode loop of {@link AggregatorBenchmark}, on one embedded broker:
 * the simulator writes N events (event times in the past), the bare loop reads them, then {@code Replay} reads the
 * same range into an OpenMetrics file (reading, recomputation and the file together), rounds times.
 * Usage: {@code ReplayBenchmark [events, default 500000] [rounds, default 2]}
 */
public final class ReplayBenchmark {
  private ReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    double rate = 100;
    long span = (long) Math.ceil(events / rate / 60) * 60_000 + 60_000;
    long start = (System.currentTimeMillis() / 60_000) * 60_000 - span;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        new TopicCreator(admin).createMissing(Topics.ALL);
      }
      Simulator.send(SimulationConfig.defaults(7).withStartMs(start).withRate(rate).withCount((long) events)
          .withPace(false), broker.bootstrapServers());
      Path file = Files.createTempFile("replay-bench", ".om");
      for (int round = 1; round <= rounds; round++) {
        double bare = BareConsumeLoop.run(broker.bootstrapServers(), events).whole();
        long t0 = System.nanoTime();
        ReplaySummary summary = Replay.run(ReplayConfig.of(broker.bootstrapServers(), Instant.ofEpochMilli(start),
            Instant.ofEpochMilli(start + span)).withOutputs(file, null, null, null),
            new PrintWriter(Writer.nullWriter()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double replay = summary.records() / seconds;
        System.out.printf("round %d: bare consume+decode %,.0f records/s; replay to OpenMetrics %,.0f records/s "
            + "(%,d records, %,d series, %,d samples in %.1f s) = %.2f of the baseline%n", round, bare, replay,
            summary.records(), summary.series(), summary.samples(), seconds, replay / bare);
      }
      Files.deleteIfExists(file);
    }
  }
}

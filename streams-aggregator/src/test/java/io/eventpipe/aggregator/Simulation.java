package io.eventpipe.aggregator;

import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.metrics.MetricNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the producers module's traffic simulator into a broker and returns its ground truth, read back from its file. */
final class Simulation {
  private Simulation() {}

  /**
   * Two hours before the current hour: recent enough for the aggregator's retention check (35 days), and all in the
   * past, so no event is refused as being from the future.
   */
  static final long START_MS = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
      .minus(java.time.Duration.ofHours(2)).toEpochMilli();

  static final double RATE = 200;

  static GroundTruth run(String bootstrap, long seed, int events) throws IOException {
    SimulationConfig config = SimulationConfig.defaults(seed).withStartMs(START_MS).withCount((long) events)
        .withRate(RATE).withBadRatio(0.001).withPace(false);
    Path file = Files.createTempFile("ground-truth-" + seed, ".json");
    Simulator.send(config, bootstrap).write(file);
    return GroundTruth.read(file);
  }

  /** Event time of the last of {@code events} simulated events (the simulator spaces them by its rate). */
  static long lastEventTime(int events) {
    return START_MS + (long) Math.floor((events - 1) * 1000.0 / RATE);
  }

  static double requests(GroundTruth truth) {
    return sum(truth, MetricNames.HTTP_REQUESTS + "{", "");
  }

  static double serverErrors(GroundTruth truth) {
    return sum(truth, MetricNames.HTTP_REQUESTS + "{", "status=\"5");
  }

  private static double sum(GroundTruth truth, String prefix, String contains) {
    return truth.counters().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().contains(contains))
        .mapToDouble(java.util.Map.Entry::getValue).sum();
  }
}

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

  static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  static GroundTruth run(String bootstrap, long seed, int events) throws IOException {
    SimulationConfig config = SimulationConfig.defaults(seed).withStartMs(START_MS).withCount((long) events)
        .withRate(200).withBadRatio(0.001).withPace(false);
    Path file = Files.createTempFile("ground-truth-" + seed, ".json");
    Simulator.send(config, bootstrap).write(file);
    return GroundTruth.read(file);
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

package io.eventpipe.aggregator.replay;

import io.eventpipe.producers.simulator.SimRecord;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.producers.truth.TruthAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Simulated history for replay tests: a seeded simulation whose event times lie in the past, and the simulator's
 * ground truth at every minute boundary (the truth of exactly the records with an event time before it).
 */
final class History {
  /** Three hours ending at the start of the current hour minus one: all in the past, well within retention. */
  static final long START_MS = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4)).toEpochMilli();
  static final double RATE = 4;

  private History() {}

  static SimulationConfig config(long seed, Duration span) {
    return SimulationConfig.defaults(seed).withStartMs(START_MS).withDuration(span).withRate(RATE)
        .withBadRatio(0.002).withPace(false);
  }

  /** The ground truth at every minute boundary in {@code (START_MS, START_MS + span]}. */
  static Map<Long, GroundTruth> truthAtMinutes(SimulationConfig config, Duration span) {
    List<SimRecord> records = Simulator.records(config).sorted(Comparator.comparingLong(History::eventTime)).toList();
    Map<Long, GroundTruth> out = new TreeMap<>();
    TruthAccumulator truth = new TruthAccumulator();
    int i = 0;
    for (long t = START_MS + 60_000; t <= START_MS + span.toMillis(); t += 60_000) {
      while (i < records.size() && eventTime(records.get(i)) < t) {
        truth.add(records.get(i).topic().name(), records.get(i).value());
        i++;
      }
      out.put(t, truth.truth(config.seed(), START_MS, t));
    }
    return out;
  }

  /** An injected invalid record has no event; it sorts first (it counts as a dead letter, at no time). */
  private static long eventTime(SimRecord record) {
    return record.event() == null ? Long.MIN_VALUE : (Long) record.event().get(
        record.event().getSchema().getField("event_time").pos());
  }
}

package io.eventpipe.aggregator.replay;

import io.eventpipe.producers.simulator.SimRecord;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.producers.truth.TruthAccumulator;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

  /**
   * Writes a config's records as services emitting live would have: each record stamped with its event's time (an
   * invalid record with the time of the record before it), so {@code offsetsForTimes} finds the range.
   */
  static void send(SimulationConfig config, String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
        new StringSerializer(), new ByteArraySerializer())) {
      long[] last = {config.startMs()};
      Simulator.records(config).forEach(r -> {
        long t = r.event() == null ? last[0] : eventTime(r);
        last[0] = t;
        producer.send(new ProducerRecord<>(r.topic().name(), null, t, r.key(), r.value()));
      });
      producer.flush();
    }
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

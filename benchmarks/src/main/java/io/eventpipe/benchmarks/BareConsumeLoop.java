package io.eventpipe.benchmarks;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline of the aggregator and replay benchmarks: a bare loop that consumes every input topic from the start
 * and decodes each record, the least any consumer of these events must do.
 */
final class BareConsumeLoop {
  private BareConsumeLoop() {}

  /**
   * The share of the input after which a run counts as steady: the JIT of a fresh JVM on two cores takes most of a
   * core for the first tens of seconds, so the rate over the rest of a long run is the one a backlog of any size sees.
   */
  static final double STEADY_FROM = 0.4;

  /** Events per second over the whole run and over its steady part (after {@link #STEADY_FROM} of the events). */
  record Rate(double whole, double steady) {}

  /** Consumes every input topic from the start and decodes each record, until {@code events} are read. */
  static Rate run(String bootstrap, int events) {
    Map<String, EventCodec<?>> codecs = new HashMap<>();
    for (EventType<?> type : EventTypes.INPUTS) {
      codecs.put(type.topic().name(), EventCodec.of(type));
    }
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "bench-bare-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long read = 0;
    long ok = 0;
    long start = System.nanoTime();
    long steadyStart = 0;
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.copyOf(codecs.keySet()));
      while (read < events) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (++read == (long) (STEADY_FROM * events)) {
            steadyStart = System.nanoTime();
          }
          if (codecs.get(record.topic()).decode(record.value()) instanceof Decoded.Ok<?>) {
            ok++;
          }
        }
      }
    }
    if (ok == 0) {
      throw new IllegalStateException("nothing decoded");
    }
    long end = System.nanoTime();
    return new Rate(read / ((end - start) / 1e9), (read - (long) (STEADY_FROM * events)) / ((end - steadyStart) / 1e9));
  }
}

package io.eventpipe.benchmarks;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.EventPublisher;
import io.eventpipe.producers.PublisherConfig;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load harness: request events per second acknowledged by the embedded broker, through {@link EventPublisher}
 * (build + encode + buffer + idempotent producer) side by side with a bare KafkaProducer sending the same
 * pre-encoded bytes with the same settings (the baseline), and that bare producer with Kafka's default 5 requests in
 * flight (what the publisher gives up to avoid KAFKA-15591). Alternates them, after a warm-up, on one broker.
 *
 * <p>Usage: {@code PublisherThroughput [events per round, default 1000000] [rounds, default 3]}
 */
public final class PublisherThroughput {

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        new TopicCreator(admin).createMissing(List.of(Topics.REQUESTS));
      }
      System.out.printf("warm-up: %,d events each way%n", events);
      bareProducer(broker, events, 1);
      publisher(broker, events);
      for (int round = 1; round <= rounds; round++) {
        double bare = bareProducer(broker, events, 1);
        double pub = publisher(broker, events);
        double bare5 = bareProducer(broker, events, 5);
        System.out.printf("round %d: bare KafkaProducer (1 in flight) %,.0f/s | EventPublisher %,.0f/s | ratio %.2f"
            + " | bare with 5 in flight %,.0f/s (%.2fx)%n", round, bare, pub, pub / bare, bare5, bare5 / bare);
      }
    }
  }

  /** Baseline: pre-encoded records straight into a KafkaProducer with the publisher's settings. */
  static double bareProducer(EmbeddedKafkaBroker broker, int events, int inFlight) {
    EventCodec<RequestEvent> codec = EventCodec.of(EventTypes.REQUEST);
    byte[][] values = new byte[1000][];
    for (int i = 0; i < values.length; i++) {
      values[i] = codec.encode(SampleRequests.request(i));
    }
    Map<String, Object> config = new java.util.HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
        "enable.idempotence", true, "acks", "all", "compression.type", "lz4", "linger.ms", 5, "batch.size", 65536,
        "max.in.flight.requests.per.connection", inFlight));
    AtomicLong acked = new AtomicLong();
    long start = System.nanoTime();
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < events; i++) {
        producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), "api/api-" + (i % 4), values[i % values.length]),
            (m, e) -> {
              if (e == null) {
                acked.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    return rate(acked.get(), events, start);
  }

  /** The publisher, fed as fast as it accepts: a full buffer makes the caller retry, so nothing is dropped. */
  static double publisher(EmbeddedKafkaBroker broker, int events) {
    long start = System.nanoTime();
    EventPublisher publisher = new EventPublisher(PublisherConfig.of(broker.bootstrapServers()), new SimpleMeterRegistry());
    for (int i = 0; i < events; i++) {
      RequestEvent event = SampleRequests.request(i);
      while (publisher.buffered() >= PublisherConfig.DEFAULT_BUFFER_CAPACITY - 1) {
        Thread.onSpinWait();
      }
      publisher.record(EventTypes.REQUEST, event);
    }
    publisher.close();
    var stats = publisher.stats();
    if (stats.dropped() != 0 || stats.failed() != 0) {
      throw new IllegalStateException("publisher lost events during the benchmark: " + stats);
    }
    return rate(stats.sent(), events, start);
  }

  private static double rate(long acked, int expected, long startNanos) {
    if (acked != expected) {
      throw new IllegalStateException("acknowledged " + acked + " of " + expected);
    }
    return acked / ((System.nanoTime() - startNanos) / 1e9);
  }
}

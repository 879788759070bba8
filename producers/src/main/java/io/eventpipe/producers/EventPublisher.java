package io.eventpipe.producers;

import io.eventpipe.producers.trace.TraceContext;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to Kafka without ever making the caller wait on Kafka: {@link #record} encodes the event
 * and offers it to a bounded buffer, and one sender thread moves the buffer into an idempotent KafkaProducer
 * (acks=all, lz4, linger 5 ms). When the buffer is full (broker slow or down) the event is dropped and
 * counted. {@link #close()} delivers what is buffered, waiting at most the configured close timeout.
 *
 * <p>Why a buffer in front of KafkaProducer: {@code KafkaProducer.send()} itself blocks up to
 * {@code max.block.ms} while it fetches metadata or when its own buffer memory is full.
 *
 * <p>Metrics: {@code eventpipe.publisher.sent{topic}}, {@code eventpipe.publisher.failed{reason}},
 * {@code eventpipe.publisher.dropped{reason}} (Prometheus: {@code eventpipe_publisher_dropped_total{reason}}),
 * and the gauge {@code eventpipe.publisher.buffered}.
 */
public final class EventPublisher implements EventSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  private static final int DRAIN_BATCH = 1024;

  /** One encoded event waiting for the sender thread. */
  private record Pending(String topic, String key, byte[] value, Headers headers) {}

  private final PublisherConfig config;
  private final MeterRegistry registry;
  private final ArrayBlockingQueue<Pending> buffer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<EventType<?>, EventCodec<?>> codecs = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Thread sender;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile boolean closing;
  private volatile boolean abandon;

  public EventPublisher(PublisherConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.buffer = new ArrayBlockingQueue<>(config.bufferCapacity());
    this.producer = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer());
    Gauge.builder("eventpipe.publisher.buffered", buffer, ArrayBlockingQueue::size)
        .description("events waiting for the Kafka producer").register(registry);
    // Series that exist from the start read 0 instead of being absent, which rate() and alerts need.
    for (String reason : List.of("buffer_full", "closed", "unencodable")) {
      counter("eventpipe.publisher.dropped", "reason", reason);
    }
    for (EventType<?> type : EventTypes.INPUTS) {
      counter("eventpipe.publisher.sent", "topic", type.topic().name());
    }
    this.sender = new Thread(this::drain, "eventpipe-publisher-sender");
    sender.setDaemon(true);
    sender.start();
  }

  static Map<String, Object> producerConfig(PublisherConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    // Only the sender thread waits here; a short bound turns a long outage into counted failures.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    // One request in flight: with more, a first batch refused by a just-created partition can be overtaken and
    // then lost to OUT_OF_ORDER_SEQUENCE despite idempotence (KAFKA-15591, seen on the embedded 4.3.1 broker).
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "eventpipe-publisher");
    props.putAll(config.producerOverrides());
    return config.kafka().applyTo(props);
  }

  @Override
  public <T extends SpecificRecord> boolean record(EventType<T> type, T event) {
    if (closing) {
      return drop("closed");
    }
    Pending pending;
    try {
      pending = new Pending(type.topic().name(), type.key().apply(event), codec(type).encode(event),
          TraceContext.currentHeaders());
    } catch (RuntimeException e) {
      // A caller's malformed event must not break the caller; it is counted and logged, never sent.
      log.warn("dropping a {} event that cannot be encoded: {}", type.name(), e.toString());
      return drop("unencodable");
    }
    if (!buffer.offer(pending)) {
      return drop("buffer_full");
    }
    accepted.increment();
    return true;
  }

  /** The accounting so far; see {@link PublisherStats}. */
  public PublisherStats stats() {
    // Read the terminal counts first so a concurrent completion cannot make pending negative.
    long s = sent.sum();
    long f = failed.sum();
    long d = dropped.sum();
    long a = accepted.sum();
    return new PublisherStats(a + d, a, d, s, f);
  }

  /** Events waiting in the buffer, not yet handed to the Kafka producer (callers may back off on it). */
  public int buffered() {
    return buffer.size();
  }

  /**
   * Stops accepting events, delivers the buffered ones and closes the producer. Waits at most the configured
   * close timeout; events still undelivered then are counted as failed with reason {@code close_timeout}.
   */
  @Override
  public void close() {
    closing = true;
    long deadline = System.nanoTime() + config.closeTimeout().toNanos();
    try {
      sender.join(Math.max(1, config.closeTimeout().toMillis()));
      if (sender.isAlive()) {
        abandon = true;
        sender.interrupt();
        sender.join();
      }
      // A record() racing with close can land in the buffer after the sender left; it must not stay pending.
      List<Pending> late = new ArrayList<>();
      buffer.drainTo(late);
      late.forEach(p -> fail("closed"));
      long left = Math.max(0, deadline - System.nanoTime());
      producer.close(Duration.ofNanos(left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      producer.close(Duration.ZERO);
    }
  }

  private void drain() {
    List<Pending> batch = new ArrayList<>(DRAIN_BATCH);
    while (true) {
      Pending first;
      try {
        first = buffer.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = null;
      }
      if (first != null) {
        batch.add(first);
      }
      if (abandon) {
        failRemaining(batch);
        return;
      }
      if (first == null) {
        if (closing && buffer.isEmpty()) {
          producer.flush();
          return;
        }
        continue;
      }
      buffer.drainTo(batch, DRAIN_BATCH - 1);
      for (int i = 0; i < batch.size(); i++) {
        if (abandon) {
          failRemaining(batch.subList(i, batch.size()));
          return;
        }
        send(batch.get(i));
      }
      batch.clear();
    }
  }

  private void send(Pending p) {
    try {
      producer.send(new ProducerRecord<>(p.topic(), null, p.key(), p.value(), p.headers()), (metadata, error) -> {
        if (error == null) {
          sent.increment();
          counter("eventpipe.publisher.sent", "topic", p.topic()).increment();
        } else {
          fail(error.getClass().getSimpleName());
        }
      });
    } catch (RuntimeException e) {
      // send() throws for a metadata or buffer-memory timeout, or when interrupted during close.
      fail(e.getClass().getSimpleName());
    }
  }

  private void failRemaining(List<Pending> unsent) {
    List<Pending> rest = new ArrayList<>(unsent);
    buffer.drainTo(rest);
    for (int i = 0; i < rest.size(); i++) {
      fail("close_timeout");
    }
  }

  private void fail(String reason) {
    failed.increment();
    counter("eventpipe.publisher.failed", "reason", reason).increment();
  }

  private boolean drop(String reason) {
    dropped.increment();
    counter("eventpipe.publisher.dropped", "reason", reason).increment();
    return false;
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).tag(tag, value).register(registry));
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> EventCodec<T> codec(EventType<T> type) {
    return (EventCodec<T>) codecs.computeIfAbsent(type, t -> EventCodec.of(type));
  }
}

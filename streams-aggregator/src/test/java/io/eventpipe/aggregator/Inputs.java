package io.eventpipe.aggregator;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes test events (and raw bytes) to the real input topics. */
final class Inputs implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;

  Inputs(String bootstrap) {
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        // One batch in flight per connection: on a partition created a moment ago, a NOT_LEADER answer to the first
        // of several in-flight idempotent batches can leave the later ones in OUT_OF_ORDER_SEQUENCE retries for good.
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Creates the catalog topics a fresh test broker lacks. */
  static void createTopics(String bootstrap) throws InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
    }
  }

  void send(SpecificRecord event) {
    for (EventType<?> type : EventTypes.INPUTS) {
      if (type.javaClass().isInstance(event)) {
        sendAs(type, event);
        return;
      }
    }
    throw new IllegalArgumentException("not an input event: " + event.getClass());
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> void sendAs(EventType<T> type, SpecificRecord event) {
    T typed = (T) event;
    raw(type.topic().name(), type.key().apply(typed), EventCodec.of(type).encode(typed));
  }

  /** Sends every event without waiting for each, then waits until all are acknowledged. */
  void sendAll(List<? extends SpecificRecord> events) {
    List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>(events.size());
    for (SpecificRecord event : events) {
      EventType<?> type = EventTypes.INPUTS.stream().filter(t -> t.javaClass().isInstance(event)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("not an input event: " + event.getClass()));
      sent.add(sendAsync(type, event));
    }
    producer.flush();
    for (var future : sent) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> java.util.concurrent.Future<?> sendAsync(EventType<T> type, SpecificRecord event) {
    T typed = (T) event;
    return producer.send(new ProducerRecord<>(type.topic().name(),
        type.key().apply(typed).getBytes(StandardCharsets.UTF_8), EventCodec.of(type).encode(typed)));
  }

  void raw(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.nio.charset.StandardCharsets;
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
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
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

package io.eventpipe.gpu;

import io.eventpipe.events.GpuSample;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends samples to {@code samples.gpus} through an idempotent KafkaProducer (acks=all), keyed host/uuid as
 * the GPU event type says; a sample Kafka does not accept is reported to the health, never retried by hand.
 */
final class KafkaSamplePublisher implements SamplePublisher {
  private final KafkaProducer<String, byte[]> producer;
  private final EventCodec<GpuSample> codec = EventCodec.of(EventTypes.GPU);
  private final CollectorHealth health;

  KafkaSamplePublisher(String bootstrapServers, CollectorHealth health) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "gpu-collector");
    // A sampling round must not stall for long on an absent broker; the failure is counted instead.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.health = health;
  }

  @Override
  public void publish(GpuSample sample) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventTypes.GPU.topic().name(), null,
        sample.getEventTime(), EventTypes.GPU.key().apply(sample), codec.encode(sample));
    try {
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          health.publishFailed("Kafka did not accept a sample: " + error.getMessage());
        }
      });
    } catch (RuntimeException e) {
      health.publishFailed("Kafka did not accept a sample: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

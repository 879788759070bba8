package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each given-up delivery on the notification dead-letter topic (key group/receiver/index, the notification
 * JSON, DeadLetter headers with the error; the source is the {@code alert-groups} store, partition and offset -1).
 * Writes are asynchronous and never block a lane for long: the notification itself is retried at the group's next
 * flush whether or not this record could be written.
 */
public final class NotificationDeadLetters implements AutoCloseable {
  static final String SOURCE = "alert-groups";
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDeadLetters.class);

  private final Producer<String, byte[]> producer;

  public NotificationDeadLetters(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** A producer for {@code bootstrapServers} that waits at most 5 s for metadata while Kafka is away. */
  public static NotificationDeadLetters connect(String bootstrapServers, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    overrides.forEach((k, v) -> {
      if (ProducerConfig.configNames().contains(k)) {
        props.put(k, v);
      }
    });
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    return new NotificationDeadLetters(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
  }

  void write(Notification n, String reason, String detail) {
    var headers = DeadLetter.headers(reason, detail, SOURCE, -1, -1);
    String key = n.groupId() + "/" + n.receiver() + "/" + n.integrationIndex();
    try {
      producer.send(new ProducerRecord<>(Topics.NOTIFICATION_DEAD_LETTER.name(), null, key, Json.write(n), headers),
          (metadata, e) -> {
            if (e != null) {
              LOG.warn("dead letter for {} not written ({}); the group retries it at its next flush", n.id(),
                  e.toString());
            }
          });
    } catch (RuntimeException e) {
      LOG.warn("dead letter for {} not written ({}); the group retries it at its next flush", n.id(), e.toString());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * Writes happen on one writer thread of their own (queue of {@value #QUEUE} records, dropped with a log line when
 * full), so a lane never waits for Kafka, not even for metadata while Kafka is away; the notification itself is
 * retried at the group's next flush whether or not this record could be written.
 */
public final class NotificationDeadLetters implements AutoCloseable {
  static final String SOURCE = "alert-groups";
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDeadLetters.class);

  static final int QUEUE = 10_000;

  private final Producer<String, byte[]> producer;
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
      new LinkedBlockingQueue<>(QUEUE), r -> {
        Thread t = new Thread(r, "alert-router-dead-letters");
        t.setDaemon(true);
        return t;
      });

  public NotificationDeadLetters(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** A producer for {@code bootstrapServers} that waits at most 5 s for metadata while Kafka is away. */
  public static NotificationDeadLetters connect(String bootstrapServers, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    overrides.forEach((k, v) -> {
      if (ProducerConfig.configNames().contains(k) || k.startsWith("config.providers")) {
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
    try {
      writer.execute(() -> send(n, reason, detail));
    } catch (RejectedExecutionException e) {
      LOG.warn("dead letter for {} dropped: {} dead letters waiting; the group retries it at its next flush", n.id(),
          QUEUE);
    }
  }

  private void send(Notification n, String reason, String detail) {
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
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}

package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the notifications topic: one consumer group across router instances, so each notification is
 * delivered by one instance; an offset is committed only after its notification was delivered or, after the
 * last attempt, written to the notification dead-letter topic with the error. An instance that dies
 * mid-delivery leaves the offset uncommitted and another instance delivers it (at least once).
 */
public final class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> deadLetters;
  private final Map<String, List<Integration>> integrations = new HashMap<>();
  private final DeliveryPolicy policy;
  private final NotifierMetrics metrics;
  private final Thread thread;
  private volatile boolean closed;

  public Notifier(String bootstrapServers, String groupId, Map<String, Receiver> receivers, Templates templates,
      String externalUrl, DeliveryPolicy policy, MeterRegistry registry, Map<String, Object> consumerOverrides) {
    receivers.forEach((name, receiver) -> integrations.put(name, receiver.integrations().stream()
        .map(c -> Integrations.of(c, templates, externalUrl, policy.timeout())).toList()));
    this.policy = policy;
    this.metrics = new NotifierMetrics(registry);
    Map<String, Object> consumerProps = new HashMap<>();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
    consumerProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 900_000);
    consumerOverrides.forEach((k, v) -> {
      if (ConsumerConfig.configNames().contains(k) || k.startsWith("config.providers")) {
        consumerProps.put(k, v);
      }
    });
    this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // The dead-letter producer needs the same client settings (TLS, SASL...) as the consumer.
    consumerOverrides.forEach((k, v) -> {
      if (ProducerConfig.configNames().contains(k) || k.startsWith("config.providers")) {
        producerProps.put(k, v);
      }
    });
    this.deadLetters = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, "alert-router-notifier");
  }

  public void start() {
    consumer.subscribe(List.of(Topics.NOTIFICATIONS.name()));
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (closed) {
            return;
          }
          handle(record);
          consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("notifier stopped: {}", e.toString(), e);
    } finally {
      Thread.interrupted(); // close() interrupts to cut a backoff short; the consumer must still close cleanly
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    Notification n;
    try {
      n = Json.read(record.value(), Notification.class);
    } catch (RuntimeException e) {
      deadLetter(record, "invalid-notification", e.getMessage());
      return;
    }
    List<Integration> list = integrations.get(n.receiver());
    if (list == null || n.integrationIndex() >= list.size()) {
      deadLetter(record, "unknown-receiver", "receiver " + n.receiver() + " integration " + n.integrationIndex()
          + " is not in the current config");
      return;
    }
    Integration integration = list.get(n.integrationIndex());
    for (int attempt = 1; ; attempt++) {
      try {
        try {
          integration.send(n);
        } catch (RuntimeException e) {
          throw new DeliveryException(n.integration() + ": " + e, false, null, e);
        }
        metrics.count(NotifierMetrics.SENT, n);
        return;
      } catch (DeliveryException e) {
        metrics.count(NotifierMetrics.FAILED, n);
        if (!e.retryable() || attempt >= policy.maxAttempts() || closed) {
          if (closed) {
            throw new InterruptedException("closing with a notification undelivered; it stays uncommitted");
          }
          LOG.warn("notification {} to {}/{} failed after {} attempts: {}", n.id(), n.receiver(), n.integration(),
              attempt, e.getMessage());
          metrics.count(NotifierMetrics.DEAD_LETTERED, n);
          deadLetter(record, "delivery-failed", e.getMessage());
          return;
        }
        metrics.count(NotifierMetrics.RETRIED, n);
        sleep(policy.backoff(attempt, e.retryAfter()).toMillis());
      }
    }
  }

  /** Sleeps in short steps so that closing cuts a backoff short (the notification stays uncommitted). */
  private void sleep(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < until) {
      if (closed) {
        throw new InterruptedException("closing during a backoff; the notification stays uncommitted");
      }
      Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, String detail) {
    var headers = DeadLetter.headers(reason, detail, record.topic(), record.partition(), record.offset());
    try {
      deadLetters.send(new ProducerRecord<>(Topics.NOTIFICATION_DEAD_LETTER.name(), null, record.key(),
          record.value(), headers)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write to " + Topics.NOTIFICATION_DEAD_LETTER.name(), e);
    }
  }

  /**
   * Stops after the delivery in flight (so it is committed, not repeated by another instance); a delivery still
   * backing off after 10 s is abandoned uncommitted and another instance takes it over.
   */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deadLetters.close(Duration.ofSeconds(5));
  }
}

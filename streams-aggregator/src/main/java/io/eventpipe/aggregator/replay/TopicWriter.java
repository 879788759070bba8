package io.eventpipe.aggregator.replay;

import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.eventpipe.schemas.topics.Topic;
import io.eventpipe.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the recomputed windows to a topic as {@code MetricAggregate} records (key: series id, partitioned as the
 * live aggregate topic, timestamp: the window's last millisecond), all in one Kafka transaction whose id is derived
 * from the replay's arguments: a replay killed mid-run leaves nothing visible to read_committed consumers, and its
 * rerun fences the old producer and writes the whole output once.
 */
final class TopicWriter implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<String, MetricAggregate> producer;
  private long records;

  TopicWriter(String bootstrap, KafkaClientSettings kafka, String topic, String runIdentity) {
    this.topic = topic;
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "eventpipe-replay-writer",
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(topic, runIdentity),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        // The broker's default cap (transaction.max.timeout.ms) is 15 minutes.
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000);
    createIfMissing(bootstrap, kafka, topic);
    producer = new KafkaProducer<>(kafka.applyTo(config), new StringSerializer(),
        EventSerdes.strict(EventTypes.AGGREGATE).serializer());
    producer.initTransactions();
    producer.beginTransaction();
  }

  /** A missing output topic is created like the aggregate topic (its partitions and retention). */
  private static void createIfMissing(String bootstrap, KafkaClientSettings kafka, String topic) {
    try (Admin admin = Admin.create(kafka.applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
      Topic like = Topics.AGGREGATES;
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(like.partitions()), Optional.empty())
          .configs(like.configs()))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create --to-topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create --to-topic " + topic + " within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating --to-topic " + topic);
    }
  }

  /** The same arguments give the same transactional id, so a rerun fences a killed run's open transaction. */
  static String transactionalId(String topic, String runIdentity) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest((topic + "\n" + runIdentity).getBytes(StandardCharsets.UTF_8));
      return "eventpipe-replay-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void write(List<MetricAggregate> windows) {
    for (MetricAggregate window : windows) {
      producer.send(new ProducerRecord<>(topic, null, window.getWindowEnd() - 1, SeriesId.of(window), window));
      records++;
    }
  }

  /** Makes everything written visible at once. */
  void commit() {
    producer.commitTransaction();
  }

  long records() {
    return records;
  }

  @Override
  public void close() {
    producer.close();
  }
}

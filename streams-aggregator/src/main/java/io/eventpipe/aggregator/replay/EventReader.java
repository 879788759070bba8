package io.eventpipe.aggregator.replay;

import io.eventpipe.aggregator.Recomputation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the input topics for a replay with a plain consumer and {@code assign()} (no group, no offset commits, so the
 * live aggregator's offsets and state are untouched): every partition from {@code offsetsForTimes(from - grace)} to
 * the end offsets seen at start (committed records only); the topics the recomputation needs whole (billing, for
 * MRR) from their beginning. Refuses a range older than a topic's retention.
 */
final class EventReader {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ReplayConfig config;

  EventReader(ReplayConfig config) {
    this.config = config;
  }

  /** The offsets one partition is read between: {@code [start, end)}. */
  record Span(TopicPartition partition, long start, long end) {}

  /** Feeds every record of the range to {@code into}, reporting to {@code progress}; returns records read. */
  long read(Recomputation into, Progress progress) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.kafka().applyTo(consumerConfig()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<Span> spans = spans(consumer, into.fullHistoryTopics());
      Map<TopicPartition, Long> ends = new HashMap<>();
      long total = 0;
      for (Span span : spans) {
        if (span.end() > span.start()) {
          ends.put(span.partition(), span.end());
          total += span.end() - span.start();
        }
      }
      consumer.assign(ends.keySet());
      for (Span span : spans) {
        if (ends.containsKey(span.partition())) {
          consumer.seek(span.partition(), span.start());
        }
      }
      progress.start(total);
      long read = 0;
      Set<TopicPartition> open = new HashSet<>(ends.keySet());
      while (!open.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < ends.get(tp)) {
            into.accept(record.topic(), record.value(), record.timestamp());
            read++;
          }
        }
        progress.update(read);
        for (TopicPartition tp : List.copyOf(open)) {
          // Transaction markers and aborted records occupy offsets too: the position, not the records, says done.
          if (consumer.position(tp) >= ends.get(tp)) {
            open.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
      }
      progress.done(read);
      return read;
    }
  }

  private List<Span> spans(KafkaConsumer<byte[], byte[]> consumer, List<String> fullHistory) {
    long since = config.from().minus(config.grace()).toEpochMilli();
    checkRetention(since);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : Recomputation.inputTopics()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist at " + config.bootstrap());
      }
      infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, TIMEOUT);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, TIMEOUT);
    List<Span> out = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp start = starts.get(tp);
      long end = ends.get(tp);
      long first = fullHistory.contains(tp.topic()) ? beginnings.get(tp) : start == null ? end : start.offset();
      out.add(new Span(tp, first, end));
    }
    return out;
  }

  /** Refuses a range starting before what a topic still keeps, naming the oldest time it has. */
  private void checkRetention(long since) {
    long now = System.currentTimeMillis();
    try (Admin admin = Admin.create(config.kafka().applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrap(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
        AdminClientConfig.CLIENT_ID_CONFIG, "eventpipe-replay")))) {
      List<ConfigResource> resources = Recomputation.inputTopics().stream()
          .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      for (ConfigResource resource : resources) {
        var entry = configs.get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
        long retention = entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
        if (retention >= 0 && since < now - retention) {
          throw new IllegalStateException("--from " + config.from() + " is older than " + resource.name()
              + " keeps (retention.ms=" + retention + "): the oldest available time is "
              + Instant.ofEpochMilli(now - retention) + ", so the earliest --from is "
              + Instant.ofEpochMilli(now - retention + config.grace().toMillis()));
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the input topics' retention at " + config.bootstrap() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + config.bootstrap() + " within " + TIMEOUT.toSeconds()
          + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading topic configs");
    }
  }

  private Map<String, Object> consumerConfig() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap(),
        ConsumerConfig.CLIENT_ID_CONFIG, "eventpipe-replay",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
  }
}

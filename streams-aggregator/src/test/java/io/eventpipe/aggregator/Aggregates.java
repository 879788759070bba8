package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.MetricNames;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.metrics.ClosedThrough;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every committed record of the aggregate topic up to its current end. */
final class Aggregates {
  private Aggregates() {}

  /**
   * Reads the aggregate topic from the beginning until the closed-through marks of every writer on every partition
   * have reached {@code through}, as a consumer that needs complete minutes would; the records read, marks included.
   */
  static List<MetricAggregate> readUntilComplete(String bootstrap, long through, Duration timeout) {
    try (KafkaConsumer<String, MetricAggregate> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), EventSerdes.strict(EventTypes.AGGREGATE).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGGREGATES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ClosedThrough.Completion completion = new ClosedThrough.Completion();
      List<MetricAggregate> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (completion.completeThrough().orElse(Long.MIN_VALUE) < through) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("aggregates.1m not complete through " + through + " after " + timeout
              + "; complete through " + completion.completeThrough() + ", " + out.size() + " records read");
        }
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          out.add(r.value());
          if (ClosedThrough.isMark(r.value())) {
            completion.observe(r.partition(), r.value());
          }
        });
      }
      return out;
    }
  }

  /**
   * The WINDOW records of http_requests_total that start before {@code end}, as "series@window start" to the count;
   * fails when any window was published twice or any correction was published (an exactly-once run has neither).
   */
  static Map<String, Long> requestWindows(List<MetricAggregate> records, long end) {
    assertThat(records).noneMatch(a -> a.getRecordKind() == AggregateRecordKind.CORRECTION);
    List<MetricAggregate> windows = records.stream().filter(a -> a.getRecordKind() == AggregateRecordKind.WINDOW)
        .filter(a -> a.getWindowStart() < end).toList();
    assertThat(windows).extracting(a -> SeriesId.of(a) + "@" + a.getWindowStart())
        .as("one record per series per window").doesNotHaveDuplicates();
    return windows.stream().filter(a -> a.getMetric().equals(MetricNames.HTTP_REQUESTS))
        .collect(Collectors.toMap(a -> SeriesId.of(a) + "@" + a.getWindowStart(), a -> (long) a.getValue(),
            Long::sum, TreeMap::new));
  }

  static List<MetricAggregate> readAll(String bootstrap) {
    try (KafkaConsumer<String, MetricAggregate> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), EventSerdes.strict(EventTypes.AGGREGATE).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGGREGATES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<MetricAggregate> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
      }
      return out;
    }
  }
}

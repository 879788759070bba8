package io.eventpipe.aggregator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.kafka.KafkaClientSettings;
import io.eventpipe.schemas.metrics.ClosedThrough;
import io.eventpipe.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --to-topic} on a real broker: the replayed windows of an hour of history equal what the live aggregator
 * published for it (its windows plus corrections); a replay killed with its transaction open, then rerun, leaves
 * exactly one copy of the output, identical to an uninterrupted run's.
 */
class ReplayTopicTest {
  static final Duration SPAN = Duration.ofHours(1);
  private static KafkaCluster kafka;

  @TempDir
  static Path dir;

  @BeforeAll
  static void history() {
    kafka = KafkaClusters.start();
    SimulationConfig simulation = History.config(23, SPAN);
    Simulator.send(simulation, kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static ReplayConfig replay(String topic) {
    return ReplayConfig.of(kafka.bootstrapServers(), Instant.ofEpochMilli(History.START_MS),
        Instant.ofEpochMilli(History.START_MS + SPAN.toMillis())).withOutputs(null, null, null, topic);
  }

  @Test
  void replayedWindowsEqualWhatTheLiveAggregatorPublished() throws Exception {
    Replay.run(replay("replay.windows"), quiet());
    Map<String, MetricAggregate> replayed = new HashMap<>();
    for (MetricAggregate a : read("replay.windows")) {
      assertThat(replayed.put(key(a), a)).as("one record per series and window: " + key(a)).isNull();
    }

    long end = History.START_MS + SPAN.toMillis();
    Map<String, List<MetricAggregate>> live = new HashMap<>();
    try (AggregatorApp app = AggregatorApp.start(AggregatorConfig.defaults(kafka.bootstrapServers())
        .withApplicationId("replay-topic-live").withStateDir(dir.resolve("live")).withMetricsPort(0))) {
      for (MetricAggregate a : readUntilComplete(end)) {
        if (!ClosedThrough.isMark(a)) {
          live.computeIfAbsent(key(a), k -> new ArrayList<>()).add(a);
        }
      }
    }
    assertThat(replayed.keySet()).as("series and windows").containsExactlyInAnyOrderElementsOf(live.keySet());
    assertThat(replayed).hasSizeGreaterThan(1000);
    replayed.forEach((key, window) -> assertSameWindow(key, window, live.get(key)));
  }

  @Test
  void aKilledRunThenARerunLeaveExactlyTheUninterruptedOutput() throws Exception {
    Replay.run(replay("replay.reference"), quiet());
    List<MetricAggregate> reference = read("replay.reference");
    assertThat(reference).hasSizeGreaterThan(1000);
    // A run killed mid-way: half its output sent in its transaction, never committed.
    ReplayConfig config = replay("replay.rerun");
    TopicWriter killed = new TopicWriter(kafka.bootstrapServers(), KafkaClientSettings.none(), "replay.rerun",
        Replay.identity(config));
    killed.write(reference.subList(0, reference.size() / 2));
    killed.close();
    Replay.run(config, quiet());
    assertThat(read("replay.rerun")).containsExactlyInAnyOrderElementsOf(reference);
  }

  private static void assertSameWindow(String key, MetricAggregate replayed, List<MetricAggregate> live) {
    assertThat(replayed.getRecordKind()).isEqualTo(AggregateRecordKind.WINDOW);
    long count = live.stream().mapToLong(MetricAggregate::getCount).sum();
    assertThat(replayed.getCount()).as(key + " count").isEqualTo(count);
    if (replayed.getKind() == AggregateKind.GAUGE) {
      MetricAggregate newest = live.get(live.size() - 1);
      if (live.size() == 1) {
        assertThat(replayed).as(key).isEqualTo(newest);
      }
      return;
    }
    double value = live.stream().mapToDouble(MetricAggregate::getValue).sum();
    assertThat(replayed.getValue()).as(key + " value").isCloseTo(value, within(Math.abs(value) * 1e-9));
    if (replayed.getKind() == AggregateKind.HISTOGRAM) {
      long[] buckets = new long[replayed.getBucketCounts().size()];
      live.forEach(a -> {
        for (int i = 0; i < buckets.length; i++) {
          buckets[i] += a.getBucketCounts().get(i);
        }
      });
      assertThat(replayed.getBucketCounts()).as(key + " buckets").containsExactlyElementsOf(
          java.util.Arrays.stream(buckets).boxed().toList());
      assertThat(replayed.getMin()).as(key + " min").isEqualTo(live.stream().mapToDouble(MetricAggregate::getMin).min()
          .orElseThrow());
      assertThat(replayed.getMax()).as(key + " max").isEqualTo(live.stream().mapToDouble(MetricAggregate::getMax).max()
          .orElseThrow());
    }
  }

  private static String key(MetricAggregate a) {
    return SeriesId.of(a) + "@" + a.getWindowStart() + "-" + a.getWindowEnd();
  }

  private static KafkaConsumer<String, MetricAggregate> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), EventSerdes.strict(EventTypes.AGGREGATE).deserializer());
  }

  /** Every committed record of a topic up to its end now. */
  private static List<MetricAggregate> read(String topic) {
    try (KafkaConsumer<String, MetricAggregate> consumer = consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // The log end, commit markers included: a commit returns before its markers are written, so the last stable
      // offset a read_committed consumer sees can lag just after it.
      Map<TopicPartition, Long> end;
      try (KafkaConsumer<String, MetricAggregate> raw = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
          new StringDeserializer(), EventSerdes.strict(EventTypes.AGGREGATE).deserializer())) {
        end = raw.endOffsets(partitions);
      }
      List<MetricAggregate> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as(topic + " read to its end " + end).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
      }
      return out;
    }
  }

  /** The live aggregate topic until every writer's closed-through marks reach {@code through} on every partition. */
  private static List<MetricAggregate> readUntilComplete(long through) {
    try (KafkaConsumer<String, MetricAggregate> consumer = consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGGREGATES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ClosedThrough.Completion completion = new ClosedThrough.Completion();
      List<MetricAggregate> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (completion.completeThrough().orElse(Long.MIN_VALUE) < through) {
        assertThat(System.nanoTime()).as("aggregates.1m complete through " + through).isLessThan(deadline);
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

  private static PrintWriter quiet() {
    return new PrintWriter(java.io.Writer.nullWriter());
  }
}

package io.eventpipe.aggregator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The short, curated set of the aggregator's own health series served on /metrics beside the derived series:
 * consumer lag per input topic, commit latency, state restore progress, whether Streams is running, process CPU and
 * memory. Everything else Kafka's clients measure is on /metrics/kafka.
 */
final class HealthMetrics {
  private HealthMetrics() {}

  static void bindTo(MeterRegistry registry, KafkaStreams kafkaStreams, Collection<String> inputTopics) {
    // One copy of Kafka Streams' metrics per scrape, not one per gauge: KafkaStreams.metrics() builds a new map of
    // every client metric on each call, which cost a tenth of the process's CPU at four scrapes a second.
    Snapshot streams = new Snapshot(kafkaStreams);
    for (String topic : inputTopics) {
      Gauge.builder("eventpipe.aggregator.consumer.lag", streams,
              s -> sum(s.named("consumer-fetch-manager-metrics", "records-lag"), m -> topic.equals(m.tags().get("topic"))))
          .tag("topic", topic).description("Records of this input topic not yet consumed by this instance's tasks.")
          .baseUnit("records").register(registry);
    }
    Gauge.builder("eventpipe.aggregator.commit.latency.avg", streams,
            s -> max(s.named("stream-thread-metrics", "commit-latency-avg")) / 1000)
        .description("Average time of an exactly-once commit (transaction) over the last window, worst thread.")
        .baseUnit("seconds").register(registry);
    Gauge.builder("eventpipe.aggregator.commit.latency.max", streams,
            s -> max(s.named("stream-thread-metrics", "commit-latency-max")) / 1000)
        .description("Longest exactly-once commit over the last window.").baseUnit("seconds").register(registry);
    Gauge.builder("eventpipe.aggregator.restore.remaining", streams,
            s -> sum(s.named(RESTORE_GROUP, "restore-remaining-records-total"), m -> true))
        .description("State-store changelog records still to restore before the tasks run (0 when caught up).")
        .baseUnit("records").register(registry);
    Gauge.builder("eventpipe.aggregator.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while Kafka Streams is RUNNING, 0 while starting, rebalancing or stopped.").register(registry);
    Gauge.builder("process.resident.memory", HealthMetrics::residentBytes)
        .description("Resident set size of the process.").baseUnit("bytes").register(registry);
    Gauge.builder("jvm.heap.used", () -> Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
        .description("JVM heap in use.").baseUnit("bytes").register(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** The group of Kafka Streams' task metrics, where the restore progress is (TaskMetrics). */
  private static final String RESTORE_GROUP = "stream-task-metrics";

  /**
   * Kafka Streams' metrics, copied at most once per 500 ms and indexed by (group, name), and its state. The index
   * matters: the client has thousands of metrics (per partition, node and store), and scanning all of them for
   * every gauge made a scrape cost as much CPU as a stream thread's work while the benchmark polled /metrics.
   */
  static final class Snapshot {
    private final KafkaStreams streams;
    private Map<String, List<Map.Entry<MetricName, ? extends Metric>>> byName = Map.of();
    private long takenAt = Long.MIN_VALUE;

    Snapshot(KafkaStreams streams) {
      this.streams = streams;
    }

    /** The metrics of one group and name (one per partition, thread or store, as the client tags them). */
    synchronized List<Map.Entry<MetricName, ? extends Metric>> named(String group, String name) {
      long now = System.nanoTime();
      if (takenAt == Long.MIN_VALUE || now - takenAt > 500_000_000L) {
        Map<String, List<Map.Entry<MetricName, ? extends Metric>>> index = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
          index.computeIfAbsent(key(e.getKey().group(), e.getKey().name()), k -> new ArrayList<>()).add(e);
        }
        byName = index;
        takenAt = now;
      }
      return byName.getOrDefault(key(group, name), List.of());
    }

    private static String key(String group, String name) {
      return group + '\u0000' + name;
    }

    KafkaStreams.State state() {
      return streams.state();
    }
  }

  private static double sum(List<Map.Entry<MetricName, ? extends Metric>> metrics, Predicate<MetricName> which) {
    double total = 0;
    for (var entry : metrics) {
      if (which.test(entry.getKey())) {
        total += value(entry.getValue());
      }
    }
    return total;
  }

  private static double max(List<Map.Entry<MetricName, ? extends Metric>> metrics) {
    double most = 0;
    for (var entry : metrics) {
      most = Math.max(most, value(entry.getValue()));
    }
    return most;
  }

  private static double value(Metric metric) {
    return metric.metricValue() instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
  }

  /** RSS from /proc (Linux); NaN elsewhere. */
  private static double residentBytes() {
    try {
      String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
      return Long.parseLong(statm[1]) * 4096.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}

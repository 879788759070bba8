package io.eventpipe.aggregator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
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
              s -> sum(s, m -> m.group().equals("consumer-fetch-manager-metrics") && m.name().equals("records-lag")
                  && topic.equals(m.tags().get("topic"))))
          .tag("topic", topic).description("Records of this input topic not yet consumed by this instance's tasks.")
          .baseUnit("records").register(registry);
    }
    Gauge.builder("eventpipe.aggregator.commit.latency.avg", streams,
            s -> max(s, m -> m.group().equals("stream-thread-metrics") && m.name().equals("commit-latency-avg")) / 1000)
        .description("Average time of an exactly-once commit (transaction) over the last window, worst thread.")
        .baseUnit("seconds").register(registry);
    Gauge.builder("eventpipe.aggregator.commit.latency.max", streams,
            s -> max(s, m -> m.group().equals("stream-thread-metrics") && m.name().equals("commit-latency-max")) / 1000)
        .description("Longest exactly-once commit over the last window.").baseUnit("seconds").register(registry);
    Gauge.builder("eventpipe.aggregator.restore.remaining", streams,
            s -> sum(s, m -> m.name().equals("restore-remaining-records-total")))
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

  /** Kafka Streams' metrics, copied at most once per 500 ms, and its state. */
  static final class Snapshot {
    private final KafkaStreams streams;
    private Map<MetricName, ? extends Metric> metrics = Map.of();
    private long takenAt = Long.MIN_VALUE;

    Snapshot(KafkaStreams streams) {
      this.streams = streams;
    }

    synchronized Map<MetricName, ? extends Metric> metrics() {
      long now = System.nanoTime();
      if (takenAt == Long.MIN_VALUE || now - takenAt > 500_000_000L) {
        metrics = streams.metrics();
        takenAt = now;
      }
      return metrics;
    }

    KafkaStreams.State state() {
      return streams.state();
    }
  }

  private static double sum(Snapshot streams, Predicate<MetricName> which) {
    double total = 0;
    for (var entry : streams.metrics().entrySet()) {
      if (which.test(entry.getKey())) {
        total += value(entry.getValue());
      }
    }
    return total;
  }

  private static double max(Snapshot streams, Predicate<MetricName> which) {
    double most = 0;
    for (var entry : streams.metrics().entrySet()) {
      if (which.test(entry.getKey())) {
        most = Math.max(most, value(entry.getValue()));
      }
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

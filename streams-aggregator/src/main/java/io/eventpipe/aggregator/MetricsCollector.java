package io.eventpipe.aggregator;

import io.eventpipe.schemas.SeriesId;
import io.eventpipe.aggregator.definitions.WindowDefinition;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The derived series, read from the state stores of this instance's active tasks at scrape time. Because only
 * active local tasks are read, instances sharing the input export disjoint series whose sum is the total.
 */
final class MetricsCollector implements MultiCollector {
  private final KafkaStreams streams;
  private final Duration gpuStaleness;
  private final Families families;

  MetricsCollector(KafkaStreams streams, Duration gpuStaleness, Families families) {
    this.families = families;
    this.streams = streams;
    this.gpuStaleness = gpuStaleness;
  }

  /** Throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while stores are not queryable. */
  @Override
  public MetricSnapshots collect() {
    ReadOnlyKeyValueStore<String, byte[]> series = streams.store(
        StoreQueryParameters.fromNameAndType(SeriesAggregator.SERIES, QueryableStoreTypes.keyValueStore()));
    ReadOnlyKeyValueStore<String, byte[]> sketches = streams.store(
        StoreQueryParameters.fromNameAndType(SeriesAggregator.SKETCHES, QueryableStoreTypes.keyValueStore()));
    Map<String, SeriesState> states = new TreeMap<>();
    try (KeyValueIterator<String, byte[]> it = series.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        SeriesState state = decoded(kv.value);
        if (state != null) {
          // A folded "other" series may exist in several tasks; merging makes it one exported series.
          states.merge(kv.key, state, (a, b) -> {
            a.merge(b);
            return a;
          });
        }
      }
    }
    return snapshots(families, states.values(), sketches, gpuStaleness);
  }

  /**
   * A stored series state, or null when this release cannot read it: left out of the scrape, which cannot write; the
   * series aggregator dead-letters it on the series' next update.
   */
  static SeriesState decoded(byte[] bytes) {
    try {
      return SeriesState.SERDE.deserializer().deserialize(SeriesAggregator.SERIES, bytes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The exported families for these series states. Pure: used by the collector and by tests. */
  static MetricSnapshots snapshots(Families families, Iterable<SeriesState> states, ReadOnlyKeyValueStore<String, byte[]> sketches,
      Duration staleness) {
    Map<String, List<SeriesState>> byFamily = new LinkedHashMap<>();
    // Staleness is per host: a GPU that stopped reporting disappears once its host's other GPUs have moved on, and
    // one host's clock never hides another's fleet.
    Map<String, Long> newestByHost = new HashMap<>();
    for (SeriesState state : states) {
      Family family = families.find(state.metric);
      if (family == null) {
        continue; // written by another release; its partials were counted as skipped
      }
      byFamily.computeIfAbsent(state.metric, m -> new ArrayList<>()).add(state);
      if (family.staleAfterNewest()) {
        newestByHost.merge(host(state), state.eventTime, Math::max);
      }
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    for (Family family : families.all()) {
      List<SeriesState> members = byFamily.getOrDefault(family.name(), List.of());
      if (family.staleAfterNewest()) {
        members = members.stream().filter(s -> s.eventTime >= newestByHost.get(host(s)) - staleness.toMillis())
            .toList();
      }
      if (members.isEmpty()) {
        continue;
      }
      if (family.update() == Family.Update.DISTINCT) {
        activeUsers(family, members, sketches, out);
      } else if (family.exposed() == Family.Exposed.HISTOGRAM) {
        out.metricSnapshot(histogram(family, members));
      } else if (family.exposed() == Family.Exposed.COUNTER) {
        out.metricSnapshot(counter(family, members));
      } else {
        out.metricSnapshot(gauge(family, members));
      }
    }
    return out.build();
  }

  private static String host(SeriesState state) {
    return state.labels.getOrDefault("host", "");
  }

  private static double valueOf(Family family, SeriesState state) {
    return family.update() == Family.Update.LATEST ? state.value : state.total / family.divisor();
  }

  private static CounterSnapshot counter(Family family, List<SeriesState> members) {
    String name = family.name().endsWith("_total")
        ? family.name().substring(0, family.name().length() - "_total".length()) : family.name();
    CounterSnapshot.Builder out = CounterSnapshot.builder().name(name).help(family.help());
    for (SeriesState state : members) {
      out.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
          .labels(labels(state.labels)).value(valueOf(family, state)).build());
    }
    return out.build();
  }

  private static GaugeSnapshot gauge(Family family, List<SeriesState> members) {
    Map<Map<String, String>, Double> values = new LinkedHashMap<>();
    for (SeriesState state : members) {
      Map<String, String> labels = new TreeMap<>(state.labels);
      if (family.sumOverLabel() != null) {
        labels.remove(family.sumOverLabel());
      }
      values.merge(labels, valueOf(family, state), Double::sum);
    }
    GaugeSnapshot.Builder out = GaugeSnapshot.builder().name(family.name()).help(family.help());
    values.forEach((labels, value) -> out.dataPoint(
        GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(labels)).value(value).build()));
    return out.build();
  }

  private static HistogramSnapshot histogram(Family family, List<SeriesState> members) {
    double[] bounds = new double[family.buckets().size() + 1];
    for (int i = 0; i < family.buckets().size(); i++) {
      bounds[i] = family.buckets().get(i);
    }
    bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
    HistogramSnapshot.Builder out = HistogramSnapshot.builder().name(family.name()).help(family.help());
    for (SeriesState state : members) {
      List<Exemplar> exemplars = new ArrayList<>();
      for (SeriesState.Exemplar e : state.exemplars) {
        if (e != null) {
          exemplars.add(Exemplar.builder().value(e.value()).traceId(e.traceId()).timestampMillis(e.eventTime()).build());
        }
      }
      out.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
          .labels(labels(state.labels))
          .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, state.buckets))
          .sum(state.sum)
          .exemplars(Exemplars.of(exemplars))
          .build());
    }
    return out.build();
  }

  /** A distinct family's windows (trailing 5 minutes, UTC day, UTC month) per label set, at the newest event here. */
  private static void activeUsers(Family family, List<SeriesState> members,
      ReadOnlyKeyValueStore<String, byte[]> sketches, MetricSnapshots.Builder out) {
    long newest = members.stream().mapToLong(s -> s.eventTime).max().orElseThrow();
    for (WindowDefinition window : family.windows()) {
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(window.name()).help(window.help());
      for (SeriesState state : members) {
        String id = SeriesId.of(state.metric, state.labels);
        long value = switch (window.window()) {
          case "1d" -> ActiveUsers.estimate(sketches, id, ActiveUsers.Grain.DAYS, newest);
          case "1mo" -> ActiveUsers.estimate(sketches, id, ActiveUsers.Grain.MONTHS, newest);
          default -> ActiveUsers.trailing(sketches, id, newest);
        };
        gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(state.labels)).value(value).build());
      }
      out.metricSnapshot(gauge.build());
    }
  }

  private static Labels labels(Map<String, String> labels) {
    Labels.Builder out = Labels.builder();
    new TreeMap<>(labels).forEach(out::label);
    return out.build();
  }
}

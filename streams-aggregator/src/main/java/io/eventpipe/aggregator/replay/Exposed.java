package io.eventpipe.aggregator.replay;

import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.BucketLabels;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The samples Prometheus stores from one exposition of the aggregator's snapshots: counters as {@code _total},
 * histograms as cumulative {@code _bucket} (le printed as the live /metrics prints it), {@code _count} and
 * {@code _sum}, gauges by name. One {@link Metric} is one label set of one family with its samples in exposition order.
 */
final class Exposed {
  private Exposed() {}

  /** A metric family as OpenMetrics declares it. */
  record Family(String name, String type, String help) {}

  /** One sample: its series name, labels (sorted) and value. */
  record Sample(String name, Map<String, String> labels, double value) {
    String seriesId() {
      return SeriesId.of(name, labels);
    }
  }

  /** One label set of one family at one instant: the samples OpenMetrics calls a MetricPoint. */
  record Metric(Family family, Map<String, String> labels, List<Sample> samples) {
    String key() {
      return SeriesId.of(family.name(), labels);
    }
  }

  static void forEach(MetricSnapshots snapshots, Consumer<Metric> out) {
    for (MetricSnapshot snapshot : snapshots) {
      String name = snapshot.getMetadata().getName();
      String help = snapshot.getMetadata().getHelp();
      if (snapshot instanceof CounterSnapshot counter) {
        Family family = new Family(name, "counter", help);
        counter.getDataPoints().forEach(p -> out.accept(single(family, name + "_total", p.getLabels(), p.getValue())));
      } else if (snapshot instanceof GaugeSnapshot gauge) {
        Family family = new Family(name, "gauge", help);
        gauge.getDataPoints().forEach(p -> out.accept(single(family, name, p.getLabels(), p.getValue())));
      } else if (snapshot instanceof HistogramSnapshot histogram) {
        Family family = new Family(name, "histogram", help);
        for (HistogramSnapshot.HistogramDataPointSnapshot p : histogram.getDataPoints()) {
          Map<String, String> labels = labels(p.getLabels());
          List<Sample> samples = new ArrayList<>();
          long cumulative = 0;
          for (ClassicHistogramBucket bucket : p.getClassicBuckets()) {
            cumulative += bucket.getCount();
            Map<String, String> withLe = new TreeMap<>(labels);
            withLe.put("le", BucketLabels.le(bucket.getUpperBound()));
            samples.add(new Sample(name + "_bucket", withLe, cumulative));
          }
          samples.add(new Sample(name + "_count", labels, cumulative));
          samples.add(new Sample(name + "_sum", labels, p.getSum()));
          out.accept(new Metric(family, labels, samples));
        }
      }
    }
  }

  private static Metric single(Family family, String sampleName, Labels labels, double value) {
    Map<String, String> map = labels(labels);
    return new Metric(family, map, List.of(new Sample(sampleName, map, value)));
  }

  private static Map<String, String> labels(Labels labels) {
    Map<String, String> out = new TreeMap<>();
    for (Label label : labels) {
      out.put(label.getName(), label.getValue());
    }
    return out;
  }
}

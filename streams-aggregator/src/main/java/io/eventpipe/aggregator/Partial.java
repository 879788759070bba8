package io.eventpipe.aggregator;

import io.eventpipe.schemas.SeriesId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one upstream task saw of one series in one window from one input topic since its last flush: the
 * pre-aggregated form in which events cross the repartition topic (one record per series and window per commit,
 * not one per event). Mutable while the upstream task folds deltas into it.
 */
final class Partial implements Update {
  final String metric;
  final Map<String, String> labels;
  final String topic;
  /** Start of the window (of the configured size; the minute for distinct-user families). */
  final long windowStart;
  long count;
  long total;
  double sum;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  double last;
  long lastTime = Long.MIN_VALUE;
  long[] buckets;
  /** OBSERVE: per bucket the newest observation carrying a trace id, or null. */
  SeriesState.Exemplar[] exemplars;
  /** DISTINCT: the members counted, once each. */
  Set<String> members;

  Partial(String metric, Map<String, String> labels, String topic, long windowStart, Family family) {
    this.metric = metric;
    this.labels = labels;
    this.topic = topic;
    this.windowStart = windowStart;
    if (family.update() == Family.Update.OBSERVE) {
      buckets = new long[family.buckets().size() + 1];
      exemplars = new SeriesState.Exemplar[buckets.length];
    } else if (family.update() == Family.Update.DISTINCT) {
      members = new LinkedHashSet<>();
    }
  }

  /** The same contributions under other labels (the cardinality cap's folded series). */
  Partial relabelled(Map<String, String> newLabels) {
    Partial p = new Partial(metric, newLabels, topic, windowStart, Family.counter(metric));
    p.count = count;
    p.total = total;
    p.sum = sum;
    p.min = min;
    p.max = max;
    p.last = last;
    p.lastTime = lastTime;
    p.buckets = buckets;
    p.exemplars = exemplars;
    p.members = members;
    return p;
  }

  String seriesId() {
    return SeriesId.of(metric, labels);
  }

  /** Folds one event's delta of this series into the partial. */
  void add(Family family, Delta delta) {
    long t = delta.eventTime();
    count++;
    switch (family.update()) {
      case SUM -> total += delta.amount();
      case OBSERVE -> {
        int bucket = family.bucketOf(delta.value());
        buckets[bucket]++;
        sum += delta.value();
        observeRange(delta.value());
        SeriesState.Exemplar current = exemplars[bucket];
        if (delta.traceId() != null && (current == null || t >= current.eventTime())) {
          exemplars[bucket] = new SeriesState.Exemplar(delta.traceId(), delta.value(), t);
        }
      }
      case LATEST -> observeRange(delta.value());
      case DISTINCT -> members.add(delta.member());
    }
    if (t >= lastTime) {
      last = delta.value();
      lastTime = t;
    }
  }

  private void observeRange(double v) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  static void write(Partial p, DataOutputStream out) throws IOException {
    out.writeUTF(p.metric);
    Binary.writeLabels(p.labels, out);
    out.writeUTF(p.topic);
    out.writeLong(p.windowStart);
    out.writeLong(p.count);
    out.writeLong(p.total);
    out.writeDouble(p.sum);
    out.writeDouble(p.min);
    out.writeDouble(p.max);
    out.writeDouble(p.last);
    out.writeLong(p.lastTime);
    Binary.writeLongs(p.buckets, out);
    SeriesState.writeExemplars(p.exemplars, out);
    out.writeInt(p.members == null ? -1 : p.members.size());
    if (p.members != null) {
      for (String member : p.members) {
        out.writeUTF(member);
      }
    }
  }

  /** Reads a partial; the family comes from the metric name, so an unknown name is reported by the caller. */
  static Partial read(DataInputStream in) throws IOException {
    String metric = in.readUTF();
    Map<String, String> labels = Binary.readLabels(in);
    String topic = in.readUTF();
    long windowStart = in.readLong();
    Partial p = new Partial(metric, labels, topic, windowStart, Family.counter(metric));
    p.count = in.readLong();
    p.total = in.readLong();
    p.sum = in.readDouble();
    p.min = in.readDouble();
    p.max = in.readDouble();
    p.last = in.readDouble();
    p.lastTime = in.readLong();
    p.buckets = Binary.readLongs(in);
    p.exemplars = SeriesState.readExemplars(in);
    int members = in.readInt();
    if (members >= 0) {
      p.members = new LinkedHashSet<>(members * 2);
      for (int i = 0; i < members; i++) {
        p.members.add(in.readUTF());
      }
    }
    return p;
  }
}

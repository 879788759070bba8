package io.eventpipe.aggregator;

import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** One series over one open event-time window; becomes a {@link MetricAggregate} when the window closes. */
final class WindowState {
  static final Serde<WindowState> SERDE = Binary.serde(WindowState::write, WindowState::read);

  String metric;
  Map<String, String> labels;
  long windowStart;
  long total;
  long count;
  double sum;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  double last;
  long lastTime = Long.MIN_VALUE;
  long[] buckets;

  static WindowState open(Family family, String metric, Map<String, String> labels, long windowStart) {
    WindowState state = new WindowState();
    state.metric = metric;
    state.labels = labels;
    state.windowStart = windowStart;
    if (family.update() == Family.Update.OBSERVE) {
      state.buckets = new long[family.buckets().size() + 1];
    }
    return state;
  }

  /** The window state holding exactly one partial (a correction of a window already published). */
  static WindowState of(Family family, Partial p) {
    WindowState state = open(family, p.metric, p.labels, p.windowStart);
    state.apply(family, p);
    return state;
  }

  void apply(Family family, Partial p) {
    count += p.count;
    switch (family.update()) {
      case SUM -> total += p.total;
      case OBSERVE -> {
        for (int i = 0; i < buckets.length && i < p.buckets.length; i++) {
          buckets[i] += p.buckets[i];
        }
        sum += p.sum;
        min = Math.min(min, p.min);
        max = Math.max(max, p.max);
      }
      case LATEST -> {
        min = Math.min(min, p.min);
        max = Math.max(max, p.max);
        if (p.lastTime >= lastTime) {
          last = p.last;
          lastTime = p.lastTime;
        }
      }
      case DISTINCT -> throw new IllegalArgumentException(metric + " is not windowed");
    }
  }

  MetricAggregate toAggregate(Family family, long windowSize, AggregateRecordKind kind) {
    MetricAggregate.Builder out = MetricAggregate.newBuilder()
        .setMetric(metric).setLabels(labels).setWindowStart(windowStart).setWindowEnd(windowStart + windowSize)
        .setCount(count).setRecordKind(kind);
    switch (family.update()) {
      case SUM -> out.setKind(AggregateKind.COUNTER).setValue(total / family.divisor());
      case OBSERVE -> out.setKind(AggregateKind.HISTOGRAM).setValue(sum).setMin(min).setMax(max)
          .setBucketBounds(family.buckets()).setBucketCounts(Arrays.stream(buckets).boxed().toList());
      default -> out.setKind(AggregateKind.GAUGE).setValue(last).setMin(min).setMax(max);
    }
    return out.build();
  }

  private static void write(WindowState s, DataOutputStream out) throws IOException {
    out.writeUTF(s.metric);
    Binary.writeLabels(s.labels, out);
    out.writeLong(s.windowStart);
    out.writeLong(s.total);
    out.writeLong(s.count);
    out.writeDouble(s.sum);
    out.writeDouble(s.min);
    out.writeDouble(s.max);
    out.writeDouble(s.last);
    out.writeLong(s.lastTime);
    Binary.writeLongs(s.buckets, out);
  }

  private static WindowState read(DataInputStream in) throws IOException {
    WindowState s = new WindowState();
    s.metric = in.readUTF();
    s.labels = Binary.readLabels(in);
    s.windowStart = in.readLong();
    s.total = in.readLong();
    s.count = in.readLong();
    s.sum = in.readDouble();
    s.min = in.readDouble();
    s.max = in.readDouble();
    s.last = in.readDouble();
    s.lastTime = in.readLong();
    s.buckets = Binary.readLongs(in);
    return s;
  }
}

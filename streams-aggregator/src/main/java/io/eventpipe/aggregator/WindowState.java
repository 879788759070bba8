package io.eventpipe.aggregator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.MetricAggregate;
import java.util.Arrays;
import java.util.Map;

/** One series over one open event-time window; becomes a {@link MetricAggregate} when the window closes. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
final class WindowState {
  public String metric;
  public Map<String, String> labels;
  public long windowStart;
  public long total;
  public long count;
  public double sum;
  public double min = Double.POSITIVE_INFINITY;
  public double max = Double.NEGATIVE_INFINITY;
  public double last;
  public long lastTime = Long.MIN_VALUE;
  public long[] buckets;

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

  void apply(Family family, Delta delta) {
    count++;
    switch (family.update()) {
      case SUM -> total += delta.amount();
      case OBSERVE -> {
        buckets[family.bucketOf(delta.value())]++;
        sum += delta.value();
        min = Math.min(min, delta.value());
        max = Math.max(max, delta.value());
      }
      case LATEST -> {
        min = Math.min(min, delta.value());
        max = Math.max(max, delta.value());
        if (delta.eventTime() >= lastTime) {
          last = delta.value();
          lastTime = delta.eventTime();
        }
      }
      case DISTINCT -> throw new IllegalArgumentException(metric + " is not windowed");
    }
  }

  MetricAggregate toAggregate(Family family, long windowSize) {
    MetricAggregate.Builder out = MetricAggregate.newBuilder()
        .setMetric(metric).setLabels(labels).setWindowStart(windowStart).setWindowEnd(windowStart + windowSize)
        .setCount(count);
    switch (family.update()) {
      case SUM -> out.setKind(AggregateKind.COUNTER).setValue(total / family.divisor());
      case OBSERVE -> out.setKind(AggregateKind.HISTOGRAM).setValue(sum).setMin(min).setMax(max)
          .setBucketBounds(family.buckets()).setBucketCounts(Arrays.stream(buckets).boxed().toList());
      default -> out.setKind(AggregateKind.GAUGE).setValue(last).setMin(min).setMax(max);
    }
    return out.build();
  }
}

package io.eventpipe.alerting.rules;

import io.eventpipe.events.MetricAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The recent closed windows of one series (kept for the longest rule window) and when it was last seen, which
 * absence conditions need after its windows have aged out.
 */
public record SeriesHistory(String metric, Map<String, String> labels, String kind, List<Window> windows,
    long lastSeen) {

  /** One closed window: COUNTER increase, GAUGE last value or HISTOGRAM sum, with count and buckets. */
  public record Window(long end, double value, long count, List<Double> bounds, List<Long> buckets) {}

  public static SeriesHistory empty(MetricAggregate a) {
    return new SeriesHistory(a.getMetric(), Map.copyOf(a.getLabels()), a.getKind().name(), List.of(), 0);
  }

  /** Adds the window (replacing one with the same end) and drops windows ending at or before {@code keepAfter}. */
  public SeriesHistory add(MetricAggregate a, long keepAfter) {
    List<Window> next = new ArrayList<>();
    for (Window w : windows) {
      if (w.end() > keepAfter && w.end() != a.getWindowEnd()) {
        next.add(w);
      }
    }
    next.add(new Window(a.getWindowEnd(), a.getValue(), a.getCount(), List.copyOf(a.getBucketBounds()),
        List.copyOf(a.getBucketCounts())));
    next.sort((x, y) -> Long.compare(x.end(), y.end()));
    return new SeriesHistory(metric, labels, a.getKind().name(), next, Math.max(lastSeen, a.getWindowEnd()));
  }

  /** Windows ending in {@code (from, to]}. */
  public List<Window> between(long from, long to) {
    return windows.stream().filter(w -> w.end() > from && w.end() <= to).toList();
  }
}

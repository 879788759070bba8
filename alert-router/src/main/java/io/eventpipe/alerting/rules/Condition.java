package io.eventpipe.alerting.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One alert condition over a trailing window of the aggregator's 1-minute series, grouped {@code by} labels and
 * compared with a threshold. Kinds: {@code value} (COUNTER increase, GAUGE last value or HISTOGRAM count per
 * series, then sum/max/min/avg across the group), {@code rate} (increase per second), {@code ratio} (value of one
 * selector over another), {@code quantile} (histogram_quantile over merged buckets), {@code absent} (a group that
 * sent data before has sent none within the window; its value is the seconds since it was last seen).
 */
public record Condition(Kind kind, List<Selector> selectors, String aggregate, double quantile, Duration over,
    Set<String> by, String op, double threshold) {

  /** The condition kinds. */
  public enum Kind { VALUE, RATE, RATIO, QUANTILE, ABSENT }

  /** The groups for which the condition holds at {@code now}, with their values. */
  public Map<Map<String, String>, Double> evaluate(List<SeriesHistory> series, long now) {
    Map<Map<String, String>, Double> out = new TreeMap<>(Conditions.LABELS_ORDER);
    Conditions.values(this, series, now).forEach((group, value) -> {
      if (compare(value)) {
        out.put(group, value);
      }
    });
    return out;
  }

  boolean compare(double v) {
    return switch (op) {
      case ">" -> v > threshold;
      case ">=" -> v >= threshold;
      case "<" -> v < threshold;
      case "<=" -> v <= threshold;
      case "==" -> v == threshold;
      default -> v != threshold;
    };
  }

  Map<String, String> group(Map<String, String> labels) {
    Map<String, String> out = new TreeMap<>();
    for (String name : by) {
      if (labels.containsKey(name)) {
        out.put(name, labels.get(name));
      }
    }
    return out;
  }
}

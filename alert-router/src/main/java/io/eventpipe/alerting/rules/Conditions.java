package io.eventpipe.alerting.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The arithmetic behind {@link Condition}: per-group values over a trailing window of series history. */
final class Conditions {
  static final Comparator<Map<String, String>> LABELS_ORDER = Comparator.comparing(m -> new TreeMap<>(m).toString());

  private Conditions() {}

  static Map<Map<String, String>, Double> values(Condition c, List<SeriesHistory> series, long now) {
    long from = now - c.over().toMillis();
    return switch (c.kind()) {
      case VALUE -> aggregate(c, c.selectors().get(0), series, from, now, c.aggregate());
      case RATE -> {
        Map<Map<String, String>, Double> sums = aggregate(c, c.selectors().get(0), series, from, now, "sum");
        double seconds = c.over().toMillis() / 1000.0;
        Map<Map<String, String>, Double> out = new TreeMap<>(LABELS_ORDER);
        sums.forEach((g, v) -> out.put(g, v / seconds));
        yield out;
      }
      case RATIO -> {
        Map<Map<String, String>, Double> num = aggregate(c, c.selectors().get(0), series, from, now, "sum");
        Map<Map<String, String>, Double> den = aggregate(c, c.selectors().get(1), series, from, now, "sum");
        Map<Map<String, String>, Double> out = new TreeMap<>(LABELS_ORDER);
        den.forEach((g, d) -> {
          if (d > 0) {
            out.put(g, num.getOrDefault(g, 0.0) / d);
          }
        });
        yield out;
      }
      case QUANTILE -> quantiles(c, series, from, now);
      case ABSENT -> absent(c, series, from, now);
    };
  }

  private static Map<Map<String, String>, Double> aggregate(Condition c, Selector selector,
      List<SeriesHistory> series, long from, long now, String how) {
    Map<Map<String, String>, List<Double>> perGroup = new HashMap<>();
    for (SeriesHistory s : series) {
      if (!selector.matches(s.metric(), s.labels())) {
        continue;
      }
      List<SeriesHistory.Window> windows = s.between(from, now);
      if (windows.isEmpty()) {
        continue;
      }
      double v = switch (s.kind()) {
        case "GAUGE" -> windows.get(windows.size() - 1).value();
        case "HISTOGRAM" -> windows.stream().mapToDouble(SeriesHistory.Window::count).sum();
        default -> windows.stream().mapToDouble(SeriesHistory.Window::value).sum();
      };
      perGroup.computeIfAbsent(c.group(s.labels()), g -> new ArrayList<>()).add(v);
    }
    Map<Map<String, String>, Double> out = new TreeMap<>(LABELS_ORDER);
    perGroup.forEach((g, values) -> out.put(g, switch (how) {
      case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case "avg" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      default -> values.stream().mapToDouble(Double::doubleValue).sum();
    }));
    return out;
  }

  private static Map<Map<String, String>, Double> quantiles(Condition c, List<SeriesHistory> series, long from,
      long now) {
    Map<Map<String, String>, List<Double>> bounds = new HashMap<>();
    Map<Map<String, String>, long[]> counts = new HashMap<>();
    for (SeriesHistory s : series) {
      if (!s.kind().equals("HISTOGRAM") || !c.selectors().get(0).matches(s.metric(), s.labels())) {
        continue;
      }
      for (SeriesHistory.Window w : s.between(from, now)) {
        Map<String, String> g = c.group(s.labels());
        if (bounds.containsKey(g) && !bounds.get(g).equals(w.bounds())) {
          continue; // Buckets with different layouts cannot be merged; Prometheus would also not sum them.
        }
        bounds.put(g, w.bounds());
        long[] sum = counts.computeIfAbsent(g, k -> new long[w.buckets().size()]);
        for (int i = 0; i < sum.length && i < w.buckets().size(); i++) {
          sum[i] += w.buckets().get(i);
        }
      }
    }
    Map<Map<String, String>, Double> out = new TreeMap<>(LABELS_ORDER);
    counts.forEach((g, buckets) -> {
      double q = histogramQuantile(c.quantile(), bounds.get(g), buckets);
      if (!Double.isNaN(q)) {
        out.put(g, q);
      }
    });
    return out;
  }

  /** Prometheus' histogram_quantile: linear interpolation within the bucket holding the rank. */
  static double histogramQuantile(double q, List<Double> bounds, long[] buckets) {
    long total = 0;
    for (long b : buckets) {
      total += b;
    }
    if (total == 0 || bounds.isEmpty()) {
      return Double.NaN;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < buckets.length; i++) {
      long previous = cumulative;
      cumulative += buckets[i];
      if (cumulative >= rank && buckets[i] > 0) {
        if (i >= bounds.size()) {
          return bounds.get(bounds.size() - 1);
        }
        double start = i == 0 ? Math.min(0, bounds.get(0)) : bounds.get(i - 1);
        double end = bounds.get(i);
        return start + (end - start) * (rank - previous) / buckets[i];
      }
    }
    return bounds.get(bounds.size() - 1);
  }

  private static Map<Map<String, String>, Double> absent(Condition c, List<SeriesHistory> series, long from,
      long now) {
    Map<Map<String, String>, Long> lastSeen = new HashMap<>();
    for (SeriesHistory s : series) {
      if (c.selectors().get(0).matches(s.metric(), s.labels())) {
        lastSeen.merge(c.group(s.labels()), s.lastSeen(), Math::max);
      }
    }
    Map<Map<String, String>, Double> out = new TreeMap<>(LABELS_ORDER);
    lastSeen.forEach((g, seen) -> {
      if (seen <= from) {
        out.put(g, (now - seen) / 1000.0);
      }
    });
    return out;
  }
}

package io.eventpipe.producers.truth;

import io.eventpipe.events.CustomEvent;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.BucketLabels;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The truth of the simulator's custom events as the families of deploy/metrics/examples/custom-events.yml export
 * them: cache hits and misses by cache type, the db query duration histogram by operation and table, queries
 * counted, and the newest in-flight requests per endpoint. Not thread-safe.
 */
final class CustomTruth {
  static final String CACHE_HITS = "cache_hits_total";
  static final String CACHE_MISSES = "cache_misses_total";
  static final String DB_QUERIES = "db_queries_total";
  static final String DB_QUERY_DURATION = "db_query_duration_seconds";
  static final List<Double> DB_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0);
  static final String IN_PROGRESS = "http_requests_in_progress";

  /** The newest in-flight sample per endpoint: event time and value. */
  private record Sample(long eventTime, double value) {}

  private final Map<String, Sample> inflight = new HashMap<>();

  /** Adds one custom event's series to {@code counters} (exact sums). */
  void add(CustomEvent e, Map<String, BigDecimal> counters) {
    Map<String, String> a = e.getAttributes();
    Map<String, Double> m = e.getMeasurements();
    switch (e.getName()) {
      case "cache_lookup" -> {
        if (a.get("cache_type") != null && a.get("result") != null) {
          String family = "hit".equals(a.get("result")) ? CACHE_HITS : "miss".equals(a.get("result")) ? CACHE_MISSES : null;
          if (family != null) {
            counters.merge(SeriesId.of(family, Map.of("cache_type", a.get("cache_type"))), BigDecimal.ONE, BigDecimal::add);
          }
        }
      }
      case "db_query" -> {
        Double seconds = m.get("duration_seconds");
        if (a.get("operation") == null || a.get("table") == null || seconds == null) {
          return;
        }
        Map<String, String> labels = new LinkedHashMap<>(Map.of("operation", a.get("operation"), "table", a.get("table")));
        counters.merge(SeriesId.of(DB_QUERIES, labels), BigDecimal.ONE, BigDecimal::add);
        for (double bound : DB_BUCKETS) {
          counters.merge(bucket(labels, BucketLabels.le(bound)), seconds <= bound ? BigDecimal.ONE : BigDecimal.ZERO,
              BigDecimal::add);
        }
        counters.merge(bucket(labels, BucketLabels.INF), BigDecimal.ONE, BigDecimal::add);
        counters.merge(SeriesId.of(DB_QUERY_DURATION + "_count", labels), BigDecimal.ONE, BigDecimal::add);
        counters.merge(SeriesId.of(DB_QUERY_DURATION + "_sum", labels), new BigDecimal(seconds), BigDecimal::add);
      }
      case "inflight" -> {
        Double value = m.get("in_progress");
        String endpoint = a.get("endpoint");
        if (value != null && endpoint != null) {
          Sample before = inflight.get(endpoint);
          if (before == null || before.eventTime() <= e.getEventTime()) {
            inflight.put(endpoint, new Sample(e.getEventTime(), value));
          }
        }
      }
      default -> { }
    }
  }

  /** The in-flight gauges at the end of the run. */
  void gauges(Map<String, Double> out) {
    inflight.forEach((endpoint, s) -> out.put(SeriesId.of(IN_PROGRESS, Map.of("endpoint", endpoint)), s.value()));
  }

  private static String bucket(Map<String, String> labels, String le) {
    Map<String, String> withLe = new LinkedHashMap<>(labels);
    withLe.put("le", le);
    return SeriesId.of(DB_QUERY_DURATION + "_bucket", withLe);
  }
}

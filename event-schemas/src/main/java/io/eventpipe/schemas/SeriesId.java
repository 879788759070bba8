package io.eventpipe.schemas;

import io.eventpipe.events.MetricAggregate;
import java.util.Map;
import java.util.TreeMap;

/** The identity of a metric series as Prometheus prints it: {@code name{a="1",b="2"}} with labels sorted by name. */
public final class SeriesId {
  private SeriesId() {}

  public static String of(MetricAggregate aggregate) {
    return of(aggregate.getMetric(), aggregate.getLabels());
  }

  public static String of(String metric, Map<String, String> labels) {
    StringBuilder out = new StringBuilder(metric);
    if (labels.isEmpty()) {
      return out.toString();
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
    }
    return out.append('}').toString();
  }

  /** Prometheus text-format label value escaping: backslash, double quote and newline. */
  public static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}

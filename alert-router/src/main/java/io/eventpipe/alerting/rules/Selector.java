package io.eventpipe.alerting.rules;

import io.eventpipe.alerting.alert.Matchers;
import java.util.Map;

/** A series selector in PromQL syntax without functions: {@code metric{label=~"re",...}}. */
public record Selector(String metric, Matchers matchers) {

  public static Selector parse(String field, String text) {
    String s = text == null ? "" : text.trim();
    int brace = s.indexOf('{');
    String metric = (brace < 0 ? s : s.substring(0, brace)).trim();
    if (!metric.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException(field + ": expected metric{matchers}, got '" + text + "'");
    }
    try {
      return new Selector(metric, brace < 0 ? Matchers.NONE : Matchers.parse(s.substring(brace)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  public boolean matches(String seriesMetric, Map<String, String> labels) {
    return metric.equals(seriesMetric) && matchers.matches(labels);
  }

  @Override
  public String toString() {
    return metric + (matchers.list().isEmpty() ? "" : matchers.toString());
  }
}

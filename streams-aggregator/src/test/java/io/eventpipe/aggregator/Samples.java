package io.eventpipe.aggregator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses Prometheus text exposition into sample name{labels} to value (exemplars and comments ignored). */
final class Samples {
  private Samples() {}

  /** A sample key rewritten as {@link io.eventpipe.schemas.SeriesId} writes it: labels sorted by name. */
  static String seriesId(String sample) {
    int brace = sample.indexOf('{');
    if (brace < 0) {
      return sample;
    }
    Map<String, String> labels = new java.util.TreeMap<>();
    int i = brace + 1;
    while (sample.charAt(i) != '}') {
      int eq = sample.indexOf('=', i);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (sample.charAt(j) != '"') {
        char c = sample.charAt(j);
        if (c == '\\') {
          char next = sample.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(sample.substring(i, eq), value.toString());
      i = sample.charAt(j + 1) == ',' ? j + 2 : j + 1;
    }
    return io.eventpipe.schemas.SeriesId.of(sample.substring(0, brace), labels);
  }

  static Map<String, Double> parse(String exposition) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
      int split = sample.lastIndexOf(' ');
      String value = sample.substring(split + 1);
      String key = sample.substring(0, split).trim();
      // OpenMetrics may add a timestamp after the value; this parser is only used on samples without one.
      out.put(key, value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
    }
    return out;
  }
}

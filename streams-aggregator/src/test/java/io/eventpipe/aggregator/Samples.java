package io.eventpipe.aggregator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses Prometheus text exposition into sample name{labels} to value (exemplars and comments ignored). */
final class Samples {
  private Samples() {}

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

package io.eventpipe.aggregator;

import io.eventpipe.schemas.metrics.BucketLabels;

/**
 * Adjusts the Java client's exposition to what Prometheus and its Go client do, line by line:
 * histogram bounds printed Go-style by {@link BucketLabels} ({@code le="1"}, not {@code "1.0"}) so Prometheus stores the same series
 * whichever format a scrape negotiated and as the simulator's ground truth predicts; and, in OpenMetrics,
 * exemplars only on {@code _bucket} and {@code _total} samples, because Prometheus 2.x refuses a scrape with
 * an exemplar on {@code _count}, which the Java client writes.
 *
 * <p>Hand-written because neither client library offers these switches; the scanner honours quoted label
 * values, so a label value containing {@code le="} or {@code " # "} is never touched.
 */
final class ExpositionCompat {
  private ExpositionCompat() {}

  static String apply(String exposition) {
    StringBuilder out = new StringBuilder(exposition.length());
    for (String line : exposition.split("\n", -1)) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(line.startsWith("#") || line.isEmpty() ? line : sample(line));
    }
    return out.toString();
  }

  private static String sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
    StringBuilder out = new StringBuilder(line.length()).append(name);
    int i = name.length();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i, out);
    }
    String rest = line.substring(i);
    int exemplar = rest.indexOf(" # ");
    if (exemplar >= 0 && !name.endsWith("_bucket") && !name.endsWith("_total")) {
      rest = rest.substring(0, exemplar);
    }
    return out.append(rest).toString();
  }

  /** Copies {@code {...}} starting at {@code open}, rewriting the le label; returns the index after '}'. */
  private static int labels(String line, int open, StringBuilder out) {
    out.append('{');
    int i = open + 1;
    while (i < line.length() && line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String label = line.substring(i, eq);
      int start = eq + 2; // after ="
      int end = start;
      while (line.charAt(end) != '"') {
        end += line.charAt(end) == '\\' ? 2 : 1;
      }
      String value = line.substring(start, end);
      out.append(label).append("=\"").append(label.equals("le") ? le(value) : value).append('"');
      i = end + 1;
      if (line.charAt(i) == ',') {
        out.append(',');
        i++;
      }
    }
    out.append('}');
    return i + 1;
  }

  private static String le(String value) {
    return value.equals(BucketLabels.INF) ? value : BucketLabels.le(Double.parseDouble(value));
  }
}

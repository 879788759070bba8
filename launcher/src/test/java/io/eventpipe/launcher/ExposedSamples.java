package io.eventpipe.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition keyed {@code name{a="x",le="0.5"}} with labels sorted and le as a double. */
final class ExposedSamples {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  private ExposedSamples() {}

  /** Throws {@link AssertionError} unless /metrics answers 200. */
  static Map<String, Double> scrape(URI metrics) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      // Not ready yet (stores restoring): an assertion failure, so that awaiting callers retry.
      throw new AssertionError(metrics + " answered " + response.statusCode() + ": " + response.body());
    }
    String body = response.body();
    Map<String, Double> out = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int close = line.lastIndexOf('}');
      String name = brace < 0 ? line.split(" ")[0] : line.substring(0, brace);
      String value = (brace < 0 ? line.substring(name.length()) : line.substring(close + 1)).trim().split(" ")[0];
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0) {
        Matcher m = LABEL.matcher(line.substring(brace, close + 1));
        while (m.find()) {
          labels.put(m.group(1), m.group(1).equals("le") && !m.group(2).equals("+Inf")
              ? Double.toString(Double.parseDouble(m.group(2))) : m.group(2));
        }
      }
      out.put(key(name, labels), Double.parseDouble(value));
    }
    return out;
  }

  static String key(String name, Map<String, String> labels) {
    StringBuilder out = new StringBuilder(name);
    if (!labels.isEmpty()) {
      out.append('{');
      new TreeMap<>(labels).forEach((k, v) -> out.append(k).append("=\"").append(v).append("\","));
      out.setLength(out.length() - 1);
      out.append('}');
    }
    return out.toString();
  }
}

package io.eventpipe.aggregator.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian package {@code prometheus}) over a given TSDB directory, scraping nothing, optionally
 * with the remote-write receiver and an out-of-order window; answers instant queries at a given time.
 */
final class Prometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Process process;
  final URI api;

  Prometheus(Path dir, Path data, boolean remoteWriteReceiver) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("prometheus-" + port + ".yml");
    Files.writeString(config, """
        global: {scrape_interval: 15s}
        storage:
          tsdb:
            out_of_order_time_window: 1d
        """);
    var command = new java.util.ArrayList<>(java.util.List.of("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=30d", "--web.listen-address=127.0.0.1:" + port));
    if (remoteWriteReceiver) {
      command.add("--web.enable-remote-write-receiver");
    }
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus-" + port + ".log").toFile()).start();
    api = URI.create("http://127.0.0.1:" + port);
  }

  static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/prometheus")) && Files.isExecutable(Path.of("/usr/bin/promtool"));
  }

  boolean ready() {
    try {
      return get(api.resolve("/-/ready")).statusCode() == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The samples of an instant query evaluated at {@code timeMs}, by their label set printed as JSON. */
  Map<String, Double> query(String promql, long timeMs) throws IOException, InterruptedException {
    String time = OpenMetricsFile.seconds(timeMs);
    HttpResponse<String> response = get(api.resolve("/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + time));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(promql + " -> HTTP " + response.statusCode() + ": " + response.body());
    }
    Map<String, Double> out = new HashMap<>();
    for (JsonNode sample : JSON.readTree(response.body()).path("data").path("result")) {
      out.put(sample.path("metric").toString(), Double.parseDouble(sample.path("value").get(1).asText()));
    }
    return out;
  }

  /** The one value of a query yielding one sample, NaN when it yields none. */
  double scalar(String promql, long timeMs) throws IOException, InterruptedException {
    Map<String, Double> result = query(promql, timeMs);
    if (result.size() > 1) {
      throw new IllegalStateException(promql + " yields " + result.size() + " samples");
    }
    return result.isEmpty() ? Double.NaN : result.values().iterator().next();
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

package io.eventpipe.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real Prometheus (Debian package {@code prometheus}) scraping one target every second. */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final URI api;

  PrometheusServer(Path dir, String target) throws IOException {
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: aggregator
            static_configs: [{targets: ['%s']}]
        """.formatted(target));
    process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    api = URI.create("http://127.0.0.1:" + port);
  }

  static boolean installed() {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, "prometheus"))) {
        return true;
      }
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  boolean ready() {
    try {
      return Http.get(api.resolve("/-/ready"), null).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** The value of a PromQL expression that yields one sample (NaN when it yields none). */
  double query(String promql) {
    String body = Http.metrics(api.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    try {
      JsonNode result = JSON.readTree(body).path("data").path("result");
      if (result.isEmpty()) {
        return Double.NaN;
      }
      return Double.parseDouble(result.get(0).path("value").get(1).asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scrape targets' health and last error, for failure messages. */
  String targets() {
    return Http.metrics(api.resolve("/api/v1/targets"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

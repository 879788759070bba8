package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventpipe.aggregator.AggregatorApp;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Prometheus server scraping one aggregator every second, queried over its HTTP API. */
final class ScrapingPrometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String JOB = "eventpipe-aggregator";

  private final Process server;
  private final String api;

  private ScrapingPrometheus(Process server, String api) {
    this.server = server;
    this.api = api;
  }

  /** Starts Prometheus with its config, data and log under {@code dir}, scraping the aggregator's /metrics. */
  static ScrapingPrometheus start(Path dir, AggregatorApp aggregator) throws Exception {
    Path prometheus = ExternalTool.require("prometheus");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global: {scrape_interval: 1s}
        scrape_configs:
          - job_name: %s
            static_configs: [{targets: ['%s']}]
        """.formatted(JOB, aggregator.metricsUrl().getAuthority()));
    Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    return new ScrapingPrometheus(server, "http://127.0.0.1:" + port);
  }

  /**
   * Waits until the aggregator has consumed and committed everything sent so far (input and repartition topics)
   * and Prometheus has scraped it twice after that: rate() and increase() need two samples of a series, and when
   * Prometheus starts slower than the aggregator catches up (a loaded machine), its first scrape is already the
   * first one after catching up.
   */
  void awaitTwoScrapesAfterCatchUp(AggregatorApp aggregator) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(aggregator::caughtUp);
    double caughtUpAt = System.currentTimeMillis() / 1000.0;
    awaitScrapeAfter(awaitScrapeAfter(caughtUpAt));
  }

  /**
   * Waits for a successful scrape later than {@code after} (epoch seconds) and returns its time. timestamp() gives
   * a sample's scrape time only when its argument is a plain selector (of {@code up == 1} it gives the query's
   * evaluation time, which once made this wait pass at once), so the success condition is joined with {@code and}.
   */
  private double awaitScrapeAfter(double after) {
    String up = "up{job=\"" + JOB + "\"}";
    return await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
      List<JsonNode> scrape = query("timestamp(" + up + ") and " + up + " == 1");
      return scrape.isEmpty() ? Double.NaN : scrape.get(0).get("value").get(1).asDouble();
    }, scraped -> scraped > after);
  }

  /** The instant vector an expression evaluates to now; fails the test when Prometheus refuses the query. */
  List<JsonNode> query(String promql) throws Exception {
    String url = api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    JsonNode body = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(body.path("status").asText()).as(promql + " -> " + body).isEqualTo("success");
    List<JsonNode> result = new ArrayList<>();
    body.path("data").path("result").forEach(result::add);
    return result;
  }

  /** The value of an expression that must evaluate to exactly one series. */
  double value(String promql) throws Exception {
    List<JsonNode> result = query(promql);
    assertThat(result).as(promql).hasSize(1);
    return result.get(0).path("value").get(1).asDouble();
  }

  @Override
  public void close() throws InterruptedException {
    server.destroy();
    server.waitFor(20, TimeUnit.SECONDS);
  }
}

package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in deploy/grafana keeps working when users switch: a real Prometheus scrapes the
 * aggregator while the simulator runs, and every panel's query answers with data (Grafana itself is not
 * installable here, so its queries are what is checked).
 */
class DashboardQueriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "eventpipe-overview.json");

  @Test
  void everyPanelQueryAnswersWithDataFromTheAggregator(@TempDir Path dir) throws Exception {
    Path prometheus = ExternalTool.require("prometheus");
    Map<String, String> queries = panelQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(20);

    try (EmbeddedKafkaBroker broker = BrokerCommand.startBrokerWithTopics(0, null);
        AggregatorApp aggregator = AggregatorApp.start(AggregatorConfig.defaults(broker.bootstrapServers())
            .withMetricsPort(0).withStateDir(dir.resolve("state")))) {
      // Enough simulated time for churn, plan changes and payments to occur; event times end now.
      SimulationConfig traffic = SimulationConfig.defaults(11).withRate(100).withCount(30_000L).withPace(false)
          .withStartMs(System.currentTimeMillis() - 300_000);
      Simulator.send(traffic, broker.bootstrapServers());

      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path config = Files.writeString(dir.resolve("prometheus.yml"), """
          global: {scrape_interval: 1s}
          scrape_configs:
            - job_name: eventpipe-aggregator
              static_configs: [{targets: ['%s']}]
          """.formatted(aggregator.metricsUrl().getAuthority()));
      Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        String api = "http://127.0.0.1:" + port;
        // Every panel can answer once the aggregator has consumed and committed everything that was sent (input and
        // repartition topics) and Prometheus has scraped it twice after that: rate() and increase() need two
        // samples of a series, and when Prometheus starts slower than the aggregator catches up (a loaded
        // machine), its first scrape is already the first one after catching up.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(aggregator::caughtUp);
        double caughtUpAt = System.currentTimeMillis() / 1000.0;
        double firstScrape = awaitScrapeAfter(api, caughtUpAt);
        awaitScrapeAfter(api, firstScrape);

        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> panel : queries.entrySet()) {
          if (query(api, panel.getValue()).isEmpty()) {
            empty.add(panel.getKey() + ": " + panel.getValue());
          }
        }
        assertThat(empty).as("panels whose query returned no series").isEmpty();
      } finally {
        server.destroy();
        server.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Waits for a successful scrape of the aggregator later than {@code after} (seconds) and returns its time.
   * timestamp() gives a sample's scrape time only when its argument is a plain selector (of {@code up == 1} it
   * gives the query's evaluation time, which made an earlier version of this wait pass at once), so the success
   * condition is joined with {@code and}.
   */
  private static double awaitScrapeAfter(String api, double after) {
    return await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
      List<JsonNode> up = query(api,
          "timestamp(up{job=\"eventpipe-aggregator\"}) and up{job=\"eventpipe-aggregator\"} == 1");
      return up.isEmpty() ? Double.NaN : up.get(0).get("value").get(1).asDouble();
    }, scraped -> scraped > after);
  }

  /** Panel title to PromQL, from the dashboard JSON as Grafana would read it. */
  private static Map<String, String> panelQueries() throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(panel.path("title").asText(), target.path("expr").asText());
      }
    }
    return queries;
  }

  private static List<JsonNode> query(String api, String promql) throws Exception {
    String url = api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    JsonNode body = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(body.path("status").asText()).as(promql + " -> " + body).isEqualTo("success");
    List<JsonNode> result = new ArrayList<>();
    body.path("data").path("result").forEach(result::add);
    return result;
  }
}

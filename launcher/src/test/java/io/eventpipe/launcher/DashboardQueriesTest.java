package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in deploy/grafana keeps working when users switch: a real Prometheus scrapes the
 * aggregator while the simulator runs, and every panel's query answers with data (Grafana itself is not
 * installable here, so its queries are what is checked).
 */
class DashboardQueriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "eventpipe-overview.json");

  @Test
  void everyPanelQueryAnswersWithDataFromTheAggregator(@TempDir Path dir) throws Exception {
    Map<String, String> queries = panelQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(20);

    try (EmbeddedKafkaBroker broker = BrokerCommand.startBrokerWithTopics(0, null);
        AggregatorApp aggregator = AggregatorApp.start(AggregatorConfig.defaults(broker.bootstrapServers())
            .withMetricsPort(0).withStateDir(dir.resolve("state")))) {
      // Enough simulated time for churn, plan changes and payments to occur; event times end now.
      SimulationConfig traffic = SimulationConfig.defaults(11).withRate(100).withCount(30_000L).withPace(false)
          .withStartMs(System.currentTimeMillis() - 300_000);
      Simulator.send(traffic, broker.bootstrapServers());
      try (ScrapingPrometheus prometheus = ScrapingPrometheus.start(dir, aggregator)) {
        // Every panel can answer once everything sent has been consumed, committed and scraped twice.
        prometheus.awaitTwoScrapesAfterCatchUp(aggregator);
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> panel : queries.entrySet()) {
          if (prometheus.query(panel.getValue()).isEmpty()) {
            empty.add(panel.getKey() + ": " + panel.getValue());
          }
        }
        assertThat(empty).as("panels whose query returned no series").isEmpty();
      }
    }
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
}

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing metrics.yml between restarts on the same state: existing series continue exactly, an added family starts
 * from the events that arrive from then on, a removed one stops being exported.
 */
class DefinitionsChangeTest {
  private static final long T0 = Events.RECENT;
  private static final String OK_200 = "http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"200\"}";
  private static KafkaCluster kafka;

  @TempDir
  Path stateDir;

  @BeforeAll
  static void startKafka() throws InterruptedException {
    kafka = KafkaClusters.start();
    Inputs.createTopics(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  private AggregatorConfig config(String extraFamily) throws Exception {
    String text = Files.readString(Path.of("..", "deploy", "metrics", "metrics.yml")) + extraFamily;
    return AggregatorConfig.defaults(kafka.bootstrapServers()).withMetricsPort(0).withStateDir(stateDir)
        .withApplicationId("definitions-change").withDefinitions(MetricDefinitions.parse("test.yml", text));
  }

  @Test
  void addingAndRemovingFamiliesLeavesTheOtherSeriesExact() throws Exception {
    String byRoute = """

          - name: route_requests_total
            type: counter
            from: request
            labels: {route: route}
        """;
    String errorsByRoute = """

          - name: route_errors_total
            type: counter
            from: request
            where: {status_code: {regex: '5..'}}
            labels: {route: route}
        """;
    try (Inputs inputs = new Inputs(kafka.bootstrapServers())) {
      for (int i = 0; i < 5; i++) {
        inputs.send(Events.request(T0 + i, "GET", "/x", 200, 0.02, null));
      }
      inputs.send(Events.request(T0 + 5, "GET", "/x", 503, 0.5, null));
      try (AggregatorApp app = AggregatorApp.start(config(byRoute))) {
        URI metrics = app.metricsUrl();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> assertThat(
            Samples.parse(Http.metrics(metrics))).containsEntry(OK_200, 5.0)
            .containsEntry("route_requests_total{route=\"/x\"}", 6.0));
      }

      try (AggregatorApp again = AggregatorApp.start(config(errorsByRoute))) {
        URI metrics = again.metricsUrl();
        await().atMost(Duration.ofSeconds(90)).until(again::isReady);
        inputs.send(Events.request(T0 + 20, "GET", "/x", 200, 0.02, null));
        inputs.send(Events.request(T0 + 21, "GET", "/x", 502, 0.7, null));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
            Samples.parse(Http.metrics(metrics))).containsEntry(OK_200, 6.0)
            .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"503\"}", 1.0)
            .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"502\"}", 1.0)
            .containsEntry("http_request_duration_seconds_count{endpoint=\"/x\",method=\"GET\",service=\"api\"}", 8.0)
            .containsEntry("route_errors_total{route=\"/x\"}", 1.0));
        assertThat(Http.metrics(metrics)).doesNotContain("route_requests_total");
      }
    }
  }
}

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator on a real broker: /metrics and /health over HTTP, promtool, counters surviving a restart. */
class AggregatorAppTest {
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

  private AggregatorConfig config() {
    return AggregatorConfig.defaults(kafka.bootstrapServers()).withMetricsPort(0).withStateDir(stateDir)
        .withApplicationId("app-test");
  }

  @Test
  void servesCumulativeMetricsThatSurviveARestartAndPassPromtool() throws Exception {
    try (Inputs inputs = new Inputs(kafka.bootstrapServers())) {
      for (int i = 0; i < 5; i++) {
        inputs.send(Events.request(T0 + i, "GET", "/x", 200, 0.02 * i, "c".repeat(32)));
      }
      inputs.send(Events.request(T0 + 9, "GET", "/x", 503, 3.0, null));
      inputs.raw(Topics.REQUESTS.name(), "k", new byte[] {7});

      try (AggregatorApp app = AggregatorApp.start(config())) {
        URI metrics = app.metricsUrl();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> assertThat(Samples.parse(Http.metrics(metrics)))
            .containsEntry(OK_200, 5.0)
            .containsEntry("eventpipe_dead_letters_total{reason=\"unknown_format\",topic=\"events.requests\"}", 1.0));
        assertThat(app.isReady()).isTrue();
        assertThat(Http.get(metrics.resolve("/health/ready"), null).statusCode()).isEqualTo(200);
        assertThat(Http.get(metrics.resolve("/health/live"), null).statusCode()).isEqualTo(200);
        assertThat(app.inputRecords()).isEqualTo(7);

        String text = Http.metrics(metrics);
        // /metrics: the derived series and the curated health series; the clients' own metrics are on /metrics/kafka.
        assertThat(text).contains("eventpipe_aggregator_input_records_total 7.0")
            .contains("eventpipe_aggregator_consumer_lag_records{topic=\"events.requests\"}")
            .contains("process_cpu_usage").doesNotContain("kafka_stream_").doesNotContain("jvm_memory_used_bytes");
        String kafkaMetrics = Http.metrics(metrics.resolve("/metrics/kafka"));
        assertThat(kafkaMetrics).contains("kafka_stream_").contains("jvm_memory_used_bytes")
            .doesNotContain("http_requests_total");
        var openMetrics = Http.get(metrics, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(openMetrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).contains("# {trace_id=\"" + "c".repeat(32) + "\"}").endsWith("# EOF\n");
        assertThat(Http.get(metrics, null).headers().firstValue("Content-Type").orElseThrow())
            .startsWith("text/plain; version=0.0.4");

        Assumptions.assumeTrue(Promtool.installed(), "promtool (Debian package prometheus) is not installed");
        assertThat(Promtool.checkMetrics(text)).isEqualTo("exit 0: ");
        assertThat(Promtool.checkMetrics(kafkaMetrics)).as("promtool on /metrics/kafka").isEqualTo("exit 0: ");
      }

      try (AggregatorApp again = AggregatorApp.start(config())) {
        URI metrics = again.metricsUrl();
        await().atMost(Duration.ofSeconds(90)).until(again::isReady);
        assertThat(Samples.parse(Http.metrics(metrics))).containsEntry(OK_200, 5.0);
        inputs.send(Events.request(T0 + 20, "GET", "/x", 200, 0.02, null));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(Samples.parse(Http.metrics(metrics)))
            .containsEntry(OK_200, 6.0)
            .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"503\"}", 1.0));
        assertThat(again.inputRecords()).isEqualTo(1);
      }
    }
  }

  @Test
  void anUnreachableBrokerIsReportedAsSuch() {
    AggregatorConfig unreachable = AggregatorConfig.defaults("127.0.0.1:1").withMetricsPort(0).withStateDir(stateDir)
        .withConnectTimeout(Duration.ofSeconds(2));
    assertThatThrownBy(() -> AggregatorApp.start(unreachable)).isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot reach Kafka at 127.0.0.1:1 within 2 s: is the broker running and the address right?");
  }
}

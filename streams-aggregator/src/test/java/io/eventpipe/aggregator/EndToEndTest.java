package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.metrics.MetricNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 200,000 seeded events on a real broker; the aggregator's /metrics must equal the oracle exactly: one
 * instance scraped by a real Prometheus, one killed with kill -9 mid-run and restarted, two sharing the input.
 */
class EndToEndTest {
  private static final Logger LOG = LoggerFactory.getLogger(EndToEndTest.class);
  static final int EVENTS = 200_000;
  private static KafkaCluster kafka;
  private static Traffic traffic;

  @TempDir
  Path dir;

  @BeforeAll
  static void publish() throws Exception {
    kafka = KafkaClusters.start();
    Inputs.createTopics(kafka.bootstrapServers());
    long start = System.nanoTime();
    traffic = Traffic.generate(42, EVENTS, Events.T0);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
      traffic.records.forEach(producer::send);
      producer.flush();
    }
    LOG.info("generated and published {} events in {} ms", EVENTS, (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private AggregatorConfig config(String applicationId, Path stateDir, int port) {
    return AggregatorConfig.defaults(kafka.bootstrapServers()).withApplicationId(applicationId)
        .withStateDir(stateDir).withMetricsPort(port);
  }

  private static void awaitTruth(List<URI> instances) {
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> Truth.assertMatches(traffic, Truth.scrapeAll(instances)));
  }

  @Test
  void oneInstanceEqualsTheOracleAndARealPrometheusQueriesItConsistently() throws Exception {
    int port = PrometheusServer.freePort();
    PrometheusServer prometheus = PrometheusServer.installed()
        ? new PrometheusServer(dir, "127.0.0.1:" + port) : null;
    try {
      if (prometheus != null) {
        await().atMost(Duration.ofSeconds(60)).until(prometheus::ready);
      }
      long start = System.nanoTime();
      try (AggregatorApp app = AggregatorApp.start(config("e2e-single", dir.resolve("state"), port))) {
        awaitTruth(List.of(app.metricsUrl()));
        LOG.info("one instance: {} events aggregated in {} ms (from start)", EVENTS, (System.nanoTime() - start) / 1_000_000);
        Assumptions.assumeTrue(prometheus != null, "the prometheus binary (Debian package prometheus) is not installed");
        double total = traffic.requests;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(prometheus.query("sum(http_requests_total)"))
            .as(prometheus::targets).isEqualTo(total));
        assertThat(prometheus.query("sum(http_requests_total{status=~\"5..\"}) / sum(http_requests_total)"))
            .isCloseTo((double) traffic.serverErrors / traffic.requests, within(1e-12));
        assertThat(prometheus.query("histogram_quantile(0.95, sum by (le) (http_request_duration_seconds_bucket))"))
            .isCloseTo(quantile(0.95), within(1e-9));
        double rate = prometheus.query("sum(rate(http_requests_total[5m]))");
        assertThat(rate).isPositive();
        assertThat(prometheus.query("sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))"))
            .isCloseTo((double) traffic.serverErrors / traffic.requests, within(0.1 * traffic.serverErrors / traffic.requests));
        double p95 = prometheus.query(
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))");
        assertThat(p95).isCloseTo(quantile(0.95), within(bucketWidthAround(quantile(0.95))));
      }
    } finally {
      if (prometheus != null) {
        prometheus.close();
      }
    }
  }

  @Test
  void killedMidRunAndRestartedTheTotalsStillEqualTheOracle() throws Exception {
    int port = PrometheusServer.freePort();
    URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    Path state = dir.resolve("state");
    ChildAggregator first = new ChildAggregator(kafka.bootstrapServers(), port, state, "e2e-crash", dir.resolve("first.log"));
    double seen;
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
          .until(() -> Truth.totalRequests(Samples.parse(Http.metrics(metrics))) > 0);
      seen = Truth.totalRequests(Samples.parse(Http.metrics(metrics)));
    } finally {
      first.kill();
    }
    LOG.info("killed the aggregator (kill -9) after {} of {} requests were exported", seen, traffic.requests);
    assertThat(seen).as("killed mid-run").isLessThan(traffic.requests);
    ChildAggregator second = new ChildAggregator(kafka.bootstrapServers(), port, state, "e2e-crash", dir.resolve("second.log"));
    try {
      awaitTruth(List.of(metrics));
    } finally {
      second.kill();
    }
  }

  @Test
  void twoInstancesOnOneInputSumToTheOracle() {
    List<AggregatorApp> apps = new ArrayList<>();
    try {
      apps.add(AggregatorApp.start(config("e2e-pair", dir.resolve("a"), 0)));
      apps.add(AggregatorApp.start(config("e2e-pair", dir.resolve("b"), 0)));
      List<URI> urls = apps.stream().map(AggregatorApp::metricsUrl).toList();
      awaitTruth(urls);
      for (URI url : urls) {
        LOG.info("{} exports {} request series", url, Samples.parse(Http.metrics(url)).keySet().stream()
            .filter(k -> k.startsWith(MetricNames.HTTP_REQUESTS + "{")).count());
      }
    } finally {
      apps.forEach(AggregatorApp::close);
    }
  }

  /** Prometheus' histogram_quantile over the oracle's buckets summed over all series. */
  private static double quantile(double q) {
    List<Double> bounds = MetricNames.HTTP_DURATION_BUCKETS;
    double[] cumulative = new double[bounds.size() + 1];
    traffic.expected.forEach((series, value) -> {
      if (series.startsWith(MetricNames.HTTP_REQUEST_DURATION + "_bucket{")) {
        String le = series.substring(series.indexOf("le=\"") + 4, series.lastIndexOf('"'));
        int i = le.equals("+Inf") ? bounds.size() : bounds.indexOf(Double.parseDouble(le));
        cumulative[i] += value;
      }
    });
    double rank = q * cumulative[bounds.size()];
    int b = 0;
    while (cumulative[b] < rank) {
      b++;
    }
    if (b == bounds.size()) {
      return bounds.get(bounds.size() - 1);
    }
    double lower = b == 0 ? 0 : bounds.get(b - 1);
    double below = b == 0 ? 0 : cumulative[b - 1];
    return lower + (bounds.get(b) - lower) * (rank - below) / (cumulative[b] - below);
  }

  private static double bucketWidthAround(double v) {
    List<Double> bounds = MetricNames.HTTP_DURATION_BUCKETS;
    for (int i = 0; i < bounds.size(); i++) {
      if (v <= bounds.get(i)) {
        return bounds.get(i) - (i == 0 ? 0 : bounds.get(i - 1));
      }
    }
    return bounds.get(bounds.size() - 1);
  }
}

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.MetricNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 200,000 events from the traffic simulator (fixed seed) on a real broker; one aggregator's /metrics must equal its ground-truth file exactly, and a real
 * Prometheus scraping it during the run must answer rate, histogram_quantile and 5xx-ratio queries consistently.
 */
class EndToEndTest {
  private static final Logger LOG = LoggerFactory.getLogger(EndToEndTest.class);
  static final int EVENTS = 200_000;
  private static KafkaCluster kafka;
  private static GroundTruth truth;

  @TempDir
  Path dir;

  @BeforeAll
  static void publish() throws Exception {
    kafka = KafkaClusters.start();
    Inputs.createTopics(kafka.bootstrapServers());
    long start = System.nanoTime();
    truth = Simulation.run(kafka.bootstrapServers(), 42, EVENTS);
    LOG.info("simulated and published {} events in {} ms", EVENTS, (System.nanoTime() - start) / 1_000_000);
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
    await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> Truth.assertMatches(truth, Truth.scrapeAll(instances)));
  }

  @Test
  void oneInstanceEqualsTheGroundTruthAndARealPrometheusQueriesItConsistently() throws Exception {
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
        // Every window of the run closes once every input partition has passed it or gone idle; a consumer knows it
        // from the closed-through marks. Then the windows hold every request exactly once.
        long lastMinuteEnd = Simulation.lastEventTime(EVENTS) - Math.floorMod(Simulation.lastEventTime(EVENTS), 60_000L)
            + 60_000L;
        List<MetricAggregate> windows = Aggregates.readUntilComplete(kafka.bootstrapServers(), lastMinuteEnd,
            Duration.ofMinutes(3)).stream().filter(a -> a.getRecordKind() == AggregateRecordKind.WINDOW).toList();
        assertThat(windows).extracting(a -> SeriesId.of(a) + "@" + a.getWindowStart())
            .as("one record per series per window").doesNotHaveDuplicates();
        double published = windows.stream().filter(a -> a.getMetric().equals(MetricNames.HTTP_REQUESTS))
            .mapToDouble(MetricAggregate::getValue).sum();
        assertThat(published).as("requests in closed windows").isEqualTo(Simulation.requests(truth));
        if (Promtool.installed()) {
          assertThat(Promtool.checkMetrics(Http.metrics(app.metricsUrl()))).as("promtool on every family")
              .isEqualTo("exit 0: ");
        }
        Assumptions.assumeTrue(prometheus != null, "the prometheus binary (Debian package prometheus) is not installed");
        double total = Simulation.requests(truth);
        double ratio = Simulation.serverErrors(truth) / total;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(prometheus.query("sum(http_requests_total)"))
            .as(prometheus::targets).isEqualTo(total));
        assertThat(prometheus.query("sum(http_requests_total{status=~\"5..\"}) / sum(http_requests_total)"))
            .isCloseTo(ratio, within(1e-12));
        assertThat(prometheus.query("histogram_quantile(0.95, sum by (le) (http_request_duration_seconds_bucket))"))
            .isCloseTo(quantile(0.95), within(1e-9));
        // rate() needs growth between scrapes; the backlog above may be caught up before the first scrape. So live
        // traffic follows, paced over 15 s while Prometheus scrapes every second, and the rates over its window
        // are checked against that traffic's own truth.
        GroundTruth live = Simulator.send(SimulationConfig.defaults(43).withRate(1000).withCount(15_000L),
            kafka.bootstrapServers());
        double liveTotal = Simulation.requests(live);
        double liveRatio = Simulation.serverErrors(live) / liveTotal;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(prometheus.query("sum(http_requests_total)"))
            .isEqualTo(total + liveTotal));
        assertThat(prometheus.query("sum(rate(http_requests_total[20s]))")).isPositive();
        assertThat(prometheus.query("sum(rate(http_requests_total{status=~\"5..\"}[20s])) / sum(rate(http_requests_total[20s]))"))
            .isCloseTo(liveRatio, within(0.1 * liveRatio));
        double p95 = prometheus.query(
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[20s])))");
        assertThat(p95).isCloseTo(quantile(0.95), within(bucketWidthAround(quantile(0.95))));
      }
    } finally {
      if (prometheus != null) {
        prometheus.close();
      }
    }
  }

  /** Prometheus' histogram_quantile over the ground truth's buckets summed over all series. */
  private static double quantile(double q) {
    List<Double> bounds = MetricNames.HTTP_DURATION_BUCKETS;
    double[] cumulative = new double[bounds.size() + 1];
    truth.counters().forEach((series, value) -> {
      if (series.startsWith(MetricNames.HTTP_REQUEST_DURATION + "_bucket{")) {
        int at = series.indexOf("le=\"") + 4;
        String le = series.substring(at, series.indexOf('"', at));
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

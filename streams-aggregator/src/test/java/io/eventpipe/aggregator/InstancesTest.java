package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.metrics.MetricNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregator processes on one input (50,000 simulated events, fixed seed, a broker of its own): one killed with kill -9
 * mid-run and restarted, and two sharing the input partitions; both must end at the ground truth's exact totals.
 */
class InstancesTest {
  private static final Logger LOG = LoggerFactory.getLogger(InstancesTest.class);
  static final int EVENTS = 50_000;
  private static KafkaCluster kafka;
  private static GroundTruth truth;

  @TempDir
  Path dir;

  @BeforeAll
  static void publish() throws Exception {
    kafka = KafkaClusters.start();
    Inputs.createTopics(kafka.bootstrapServers());
    truth = Simulation.run(kafka.bootstrapServers(), 7, EVENTS);
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
  void killedMidRunAndRestartedTheTotalsStillEqualTheGroundTruth() throws Exception {
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
    LOG.info("killed the aggregator (kill -9) after {} of {} requests were exported", seen, Simulation.requests(truth));
    assertThat(seen).as("killed mid-run").isLessThan(Simulation.requests(truth));
    ChildAggregator second = new ChildAggregator(kafka.bootstrapServers(), port, state, "e2e-crash", dir.resolve("second.log"));
    try {
      awaitTruth(List.of(metrics));
    } finally {
      second.kill();
    }
  }

  @Test
  void twoInstancesOnOneInputSumToTheGroundTruth() {
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

}

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.embedded.EmbeddedKafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregator instances on a three-node cluster under live traffic (3,000 simulated events and 1,000 published ones
 * over 20 s): two from the start, a third added a third of the way through and the first removed at two thirds.
 * Each change is a rebalance; the tasks that move to an instance restore their stores from the changelogs. At the
 * end /metrics summed over the remaining instances equals the truth, and every (series, minute) window is exact, once.
 */
class ClusterRebalanceTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRebalanceTest.class);
  private static final int EVENTS = 3_000;

  @TempDir
  Path dir;

  @Test
  void anInstanceAddedAndAnotherRemovedMidRunTheSumOverInstancesIsTheTruth() throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
      String bootstrap = cluster.bootstrapServers();
      Inputs.createTopics(bootstrap);
      AggregatorApp first = start(bootstrap, "first");
      boolean firstRunning = true;
      try (AggregatorApp second = start(bootstrap, "second")) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
            .until(() -> first.isReady() && second.isReady());
        LiveTraffic traffic = LiveTraffic.start(bootstrap, 12, EVENTS);
        traffic.awaitDelivered(n -> n >= EVENTS / 3, Duration.ofMinutes(2));
        try (AggregatorApp third = start(bootstrap, "third")) {
          long added = traffic.delivered();
          traffic.awaitDelivered(n -> n >= 2 * EVENTS / 3, Duration.ofMinutes(2));
          first.close();
          firstRunning = false;
          long removed = traffic.delivered();
          LOG.info("third instance added at {} and first removed at {} of {} simulated events", added, removed, EVENTS);
          LiveTraffic.Truths truth = traffic.finish();
          assertThat(removed).as("removed mid-run").isLessThan(EVENTS);

          List<URI> remaining = List.of(second.metricsUrl(), third.metricsUrl());
          await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
              .untilAsserted(() -> Truth.assertMatches(truth.total(), Truth.scrapeAll(remaining)));
          for (URI url : remaining) {
            assertThat(Truth.totalRequests(Samples.parse(Http.metrics(url)))).as(url + " holds some of the tasks")
                .isPositive();
          }
          var windows = Aggregates.readUntilComplete(bootstrap, truth.lastWindowEnd(), Duration.ofMinutes(3));
          assertThat(Aggregates.requestWindows(windows, truth.lastWindowEnd()))
              .as("http_requests_total per series and minute").isEqualTo(truth.requestWindows());
        }
      } finally {
        if (firstRunning) {
          first.close();
        }
      }
    }
  }

  private AggregatorApp start(String bootstrap, String instance) {
    return AggregatorApp.start(AggregatorConfig.defaults(bootstrap).withApplicationId("cluster-rebalance")
        .withStateDir(dir.resolve(instance)).withMetricsPort(0).withIdleTimeout(LiveTraffic.IDLE));
  }
}

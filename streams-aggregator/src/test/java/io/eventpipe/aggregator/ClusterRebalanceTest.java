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
 * Aggregator instances on a three-node cluster under live traffic (about 2,100 simulated events and 700 published
 * ones over 15 s): two from the start, a third added after 700 acknowledged events, the first removed after 700
 * more, and the traffic runs 700 more.
 * Each change is a rebalance; the tasks that move to an instance restore their stores from the changelogs. At the
 * end /metrics summed over the remaining instances equals the truth, and every (series, minute) window is exact, once.
 */
class ClusterRebalanceTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRebalanceTest.class);

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
        LiveTraffic traffic = LiveTraffic.start(bootstrap, 12);
        traffic.awaitDelivered(n -> n >= LiveTraffic.STEP, Duration.ofMinutes(2));
        long adding = traffic.delivered();
        try (AggregatorApp third = start(bootstrap, "third")) {
          traffic.awaitDelivered(n -> n >= adding + LiveTraffic.STEP, Duration.ofMinutes(2));
          long removing = traffic.delivered();
          first.close();
          firstRunning = false;
          traffic.awaitDelivered(n -> n >= removing + LiveTraffic.STEP, Duration.ofMinutes(2));
          LiveTraffic.Truths truth = traffic.finish();
          LOG.info("third instance added at {} and first removed at {} of {} simulated events", adding, removing,
              truth.total().totalRecords());

          List<URI> remaining = List.of(second.metricsUrl(), third.metricsUrl());
          long finishedAt = System.nanoTime();
          await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
              .untilAsserted(() -> Truth.assertMatches(truth.total(), Truth.scrapeAll(remaining)));
          long totalsAt = System.nanoTime();
          for (URI url : remaining) {
            assertThat(Truth.totalRequests(Samples.parse(Http.metrics(url)))).as(url + " holds some of the tasks")
                .isPositive();
          }
          var windows = Aggregates.readUntilComplete(bootstrap, truth.lastWindowEnd(), Duration.ofMinutes(3));
          LOG.info("totals equal the truth {} ms after the traffic stopped, windows complete {} ms later",
              (totalsAt - finishedAt) / 1_000_000, (System.nanoTime() - totalsAt) / 1_000_000);
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

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One aggregator on a three-node cluster (replication 3, min.insync.replicas 2) under live traffic (about 2,100
 * simulated events and 700 published ones over 15 s): the node leading the most partitions is killed (kill -9)
 * after 700 acknowledged events, started again after 700 more (so producing went on with a node down), and the
 * traffic runs 700 more. The simulator and the publisher lose nothing, and /metrics and every (series, minute)
 * window on aggregates.1m equal the truth exactly.
 */
class ClusterBrokerKillTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBrokerKillTest.class);

  @TempDir
  Path dir;

  @Test
  void aBrokerKilledMidRunAndBroughtBackLosesNothingAndChangesNoNumber() throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start()) {
      String bootstrap = cluster.bootstrapServers();
      Inputs.createTopics(bootstrap);
      AggregatorConfig config = AggregatorConfig.defaults(bootstrap).withApplicationId("cluster-kill")
          .withStateDir(dir.resolve("state")).withMetricsPort(0).withIdleTimeout(LiveTraffic.IDLE);
      try (AggregatorApp app = AggregatorApp.start(config)) {
        // Running first, so its internal topics and the transaction and offsets logs exist before a node is down.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(app::isReady);
        LiveTraffic traffic = LiveTraffic.start(bootstrap, 11);
        traffic.awaitDelivered(n -> n >= LiveTraffic.STEP, Duration.ofMinutes(2));
        var leaders = cluster.leaderCounts();
        int victim = cluster.busiestLeader();
        cluster.kill(victim);
        long atKill = traffic.delivered();
        LOG.info("killed node {} (partitions led per node: {}) at {} simulated events acknowledged", victim, leaders,
            atKill);
        // Producing goes on with two of three nodes: acks=all needs min.insync.replicas=2.
        traffic.awaitDelivered(n -> n >= atKill + LiveTraffic.STEP, Duration.ofMinutes(2));
        // Brought back while the run goes on; the checks below wait for it where they need it.
        long atRestart = traffic.delivered();
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> cluster.start(victim));
        traffic.awaitDelivered(n -> n >= atRestart + LiveTraffic.STEP, Duration.ofMinutes(2));
        LiveTraffic.Truths truth = traffic.finish();
        LOG.info("restart begun at {} of {} simulated events", atRestart, truth.total().totalRecords());

        long finishedAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .untilAsserted(() -> Truth.assertMatches(truth.total(), Truth.scrapeAll(List.of(app.metricsUrl()))));
        long totalsAt = System.nanoTime();
        var windows = Aggregates.readUntilComplete(bootstrap, truth.lastWindowEnd(), Duration.ofMinutes(3));
        LOG.info("totals equal the truth {} ms after the traffic stopped, windows complete {} ms later",
            (totalsAt - finishedAt) / 1_000_000, (System.nanoTime() - totalsAt) / 1_000_000);
        assertThat(Aggregates.requestWindows(windows, truth.lastWindowEnd()))
            .as("http_requests_total per series and minute").isEqualTo(truth.requestWindows());

        restart.get(2, TimeUnit.MINUTES);
        cluster.awaitFullyReplicated();
        assertThat(cluster.replicationFactors()).as("every topic, internal and Streams' own included")
            .allSatisfy((topic, replicas) -> assertThat(replicas).as(topic).isEqualTo(3));
      }
    }
  }
}

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One aggregator on a three-node cluster (replication 3, min.insync.replicas 2) under live traffic (3,000 simulated
 * events and 1,000 published ones over 20 s): the node leading the most partitions is killed (kill -9) a third of
 * the way through and started again once two thirds are acknowledged. The simulator and the publisher lose nothing,
 * and /metrics and every (series, minute) window on aggregates.1m equal the truth exactly.
 */
class ClusterBrokerKillTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBrokerKillTest.class);
  private static final int EVENTS = 3_000;

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
        LiveTraffic traffic = LiveTraffic.start(bootstrap, 11, EVENTS);
        traffic.awaitDelivered(n -> n >= EVENTS / 3, Duration.ofMinutes(2));
        var leaders = cluster.leaderCounts();
        int victim = cluster.busiestLeader();
        cluster.kill(victim);
        long atKill = traffic.delivered();
        LOG.info("killed node {} (partitions led per node: {}) with {} of {} simulated events acknowledged", victim,
            leaders, atKill, EVENTS);
        // Producing goes on with two of three nodes: acks=all needs min.insync.replicas=2.
        traffic.awaitDelivered(n -> n >= 2 * EVENTS / 3, Duration.ofMinutes(2));
        cluster.start(victim);
        LiveTraffic.Truths truth = traffic.finish();
        assertThat(atKill).as("killed mid-run").isLessThan(EVENTS);
        cluster.awaitFullyReplicated();
        assertThat(cluster.replicationFactors()).as("every topic, internal and Streams' own included")
            .allSatisfy((topic, replicas) -> assertThat(replicas).as(topic).isEqualTo(3));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .untilAsserted(() -> Truth.assertMatches(truth.total(), Truth.scrapeAll(List.of(app.metricsUrl()))));
        var windows = Aggregates.readUntilComplete(bootstrap, truth.lastWindowEnd(), Duration.ofMinutes(3));
        assertThat(Aggregates.requestWindows(windows, truth.lastWindowEnd())).as("http_requests_total per series and minute")
            .isEqualTo(truth.requestWindows());
      }
    }
  }
}

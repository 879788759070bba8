package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three router instances (one application id) on a three-node cluster, alerts posted through all three, and the
 * node leading the most partitions killed (kill -9), then started again. Every group is notified. Groups whose
 * notification was logged before the kill, and groups opened after every instance has logged again, are notified
 * exactly once; groups falling due during the outage at least once: that is the in-flight window the router's
 * README documents (an owner that loses a group mid-delivery leaves it unlogged, and the next owner sends it again).
 */
class ClusterRoutersTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRoutersTest.class);
  private static final String APP_ID = "alert-router-cluster";
  private static final int GROUPS = 9;

  @TempDir
  Path dir;

  @Test
  void everyGroupNotifiedAndOnceOutsideTheInFlightWindowWhenABrokerIsKilled() throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(); RecordingServer hook = new RecordingServer()) {
      Path config = dir.resolve("alertmanager.yml");
      Files.writeString(config, """
          route: {receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 2s}
          receivers:
          - name: hook
            webhook_configs: [{url: '%s'}]
          """.formatted(hook.url("/hook")));
      List<AlertRouterApp.Running> routers = new ArrayList<>();
      try {
        // Started together: one rebalance for the three instead of one per instance.
        List<CompletableFuture<AlertRouterApp.Running>> starting = Stream.of("a", "b", "c")
            .map(name -> CompletableFuture.supplyAsync(() -> start(cluster, config, name))).toList();
        List<Throwable> failed = new ArrayList<>();
        for (CompletableFuture<AlertRouterApp.Running> instance : starting) {
          try {
            routers.add(instance.get(3, TimeUnit.MINUTES)); // each started one is closed below
          } catch (ExecutionException e) {
            failed.add(e.getCause());
          }
        }
        assertThat(failed).as("routers that did not start").isEmpty();
        List<ApiClient> apis = routers.stream().map(r -> new ApiClient(r.apiUrl(), null)).toList();
        try (GroupLog log = new GroupLog(cluster.bootstrapServers(), APP_ID)) {
          Set<String> before = postGroups(apis, "Before");
          awaitLogged(log, before);

          int victim = cluster.busiestLeader();
          Set<String> dueDuring = postGroups(apis, "DueDuring"); // group_wait ends while the node is down
          cluster.kill(victim);
          Set<String> postedDuring = postGroups(apis, "PostedDuring");
          // Brought back while the routers go on; leadership stays where it moved (no preferred-leader election
          // within leader.imbalance.check.interval.seconds), so its return does not disturb them.
          CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> cluster.start(victim));
          Set<String> window = union(dueDuring, postedDuring);
          // Once these are logged, every instance has committed a transaction begun after the outage.
          awaitLogged(log, window);

          Set<String> after = postGroups(apis, "After");
          awaitLogged(log, after);
          restart.get(2, TimeUnit.MINUTES);
          LOG.info("node {} killed and started again", victim);

          Map<String, Long> notifications = hook.delivered("/hook").stream()
              .filter(r -> r.body().get("status").asText().equals("firing"))
              .collect(Collectors.groupingBy(r -> r.body().get("groupKey").asText(), TreeMap::new,
                  Collectors.counting()));
          LOG.info("notifications per group: {}", notifications);
          assertThat(notifications.keySet()).as("every group notified")
              .isEqualTo(union(union(before, window), after));
          assertThat(notifications).as("outside the in-flight window: once").allSatisfy((group, n) -> {
            if (before.contains(group) || after.contains(group)) {
              assertThat(n).as(group).isEqualTo(1L);
            }
          });
        }
      } finally {
        routers.stream().map(r -> CompletableFuture.runAsync(r::close)).toList().forEach(CompletableFuture::join);
      }
    }
  }

  private AlertRouterApp.Running start(EmbeddedKafkaCluster cluster, Path config, String name) {
    try {
      return AlertRouterApp.start(AlertRouterConfig.of(cluster.bootstrapServers(), config, null).withHttpPort(0)
          .withApplicationId(APP_ID).withStateDir(dir.resolve(name)).withTick(Duration.ofMillis(200))
          .withKafkaOverrides(MultiInstanceTest.FAST_FAILOVER));
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("router " + name + " did not start", e);
    }
  }

  /** Posts one alert per group, round robin over the instances; returns the group keys receivers will see. */
  private static Set<String> postGroups(List<ApiClient> apis, String prefix) {
    IntStream.range(0, GROUPS).forEach(i -> post(apis.get(i % apis.size()), prefix + i));
    return IntStream.range(0, GROUPS).mapToObj(i -> "{}:{alertname=\"" + prefix + i + "\"}")
        .collect(Collectors.toSet());
  }

  /** As Prometheus does: a 503 (Kafka not answering yet) is sent again. */
  private static void post(ApiClient api, String alertname) {
    String json = "[{\"labels\":{\"alertname\":\"" + alertname + "\"},\"startsAt\":\"2026-01-01T00:00:00Z\"}]";
    AtomicInteger status = new AtomicInteger();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      status.set(api.send("POST", "/api/v2/alerts", json).statusCode());
      return status.get() != 503;
    });
    assertThat(status.get()).as("POST " + alertname).isEqualTo(200);
  }

  private static void awaitLogged(GroupLog log, Set<String> groups) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> log.logged().containsAll(groups));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    return out;
  }
}

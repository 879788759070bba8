package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two router instances with one application id on a real broker: each group is notified exactly once, and when
 * one instance stops mid-run the other takes over its groups and delivers everything that falls due.
 */
class MultiInstanceTest {
  static final String APP_ID = "alert-router-ha";
  /** A crashed instance's partitions move after the session timeout; the broker's minimum is 6 s. */
  static final Map<String, Object> FAST_FAILOVER = Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000);
  private static final int GROUPS = 12;

  @TempDir
  Path dir;

  private KafkaCluster kafka;
  private RecordingServer hook;
  private AlertRouterApp.Running a;
  private AlertRouterApp.Running b;

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already closed by the test
        }
      }
    }
    if (hook != null) {
      hook.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private AlertRouterApp.Running instance(Path config, String name) throws Exception {
    return AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(), config, null).withHttpPort(0)
        .withApplicationId(APP_ID).withStateDir(dir.resolve(name)).withTick(Duration.ofMillis(200))
        .withKafkaOverrides(FAST_FAILOVER));
  }

  private static void post(ApiClient api, String alertname, String endsAt) {
    String json = "[{\"labels\":{\"alertname\":\"" + alertname + "\"},\"startsAt\":\"2026-01-01T00:00:00Z\""
        + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}]";
    assertThat(api.send("POST", "/api/v2/alerts", json).statusCode()).isEqualTo(200);
  }

  private List<String> delivered(String status) {
    return hook.delivered("/hook").stream().filter(r -> r.body().get("status").asText().equals(status))
        .map(r -> r.body().get("groupKey").asText()).toList();
  }

  @Test
  void eachGroupNotifiedOnceAndNothingDueLostWhenAnInstanceStops() throws Exception {
    kafka = KafkaClusters.start();
    hook = new RecordingServer();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route: {receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 2s}
        receivers:
        - name: hook
          webhook_configs: [{url: '%s'}]
        """.formatted(hook.url("/hook")));
    a = instance(config, "a");
    b = instance(config, "b");
    ApiClient apiA = new ApiClient(a.apiUrl(), null);
    ApiClient apiB = new ApiClient(b.apiUrl(), null);

    IntStream.range(0, GROUPS).forEach(i -> post(i % 2 == 0 ? apiA : apiB, "Group" + i, null));
    await().atMost(Duration.ofSeconds(90)).until(() -> delivered("firing").size() >= GROUPS);
    // two group_intervals later still exactly one notification per group
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).until(() -> delivered("firing").size() == GROUPS);
    assertThat(new HashSet<>(delivered("firing"))).hasSize(GROUPS);

    // Resolve the first groups and open new ones, then stop instance b before their timers fire.
    String now = Instant.now().toString();
    IntStream.range(0, GROUPS).forEach(i -> post(apiA, "Group" + i, now));
    IntStream.range(GROUPS, 2 * GROUPS).forEach(i -> post(apiA, "Group" + i, null));
    b.close();
    b = null;

    await().atMost(Duration.ofSeconds(120)).until(() -> delivered("resolved").size() >= GROUPS
        && delivered("firing").size() >= 2 * GROUPS);
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
        .until(() -> delivered("resolved").size() == GROUPS && delivered("firing").size() == 2 * GROUPS);
    Set<String> expected = new HashSet<>();
    IntStream.range(0, 2 * GROUPS).forEach(i -> expected.add("{}:{alertname=\"Group" + i + "\"}"));
    assertThat(new HashSet<>(delivered("firing"))).isEqualTo(expected);
    assertThat(new HashSet<>(delivered("resolved"))).hasSize(GROUPS);
  }

  @Test
  void instanceKilledWithSigkillLosesNothingDue() throws Exception {
    kafka = KafkaClusters.start();
    hook = new RecordingServer();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route: {receiver: hook, group_by: [alertname], group_wait: 2s, group_interval: 2s}
        receivers:
        - name: hook
          webhook_configs: [{url: '%s'}]
        """.formatted(hook.url("/hook")));
    Path urlFile = dir.resolve("b.url");
    Process b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), RouterProcess.class.getName(), kafka.bootstrapServers(),
        config.toString(), dir.resolve("b").toString(), urlFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("b.log").toFile()).start();
    try {
      a = instance(config, "a");
      await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(urlFile) && Files.size(urlFile) > 0);
      ApiClient apiA = new ApiClient(a.apiUrl(), null);
      ApiClient apiB = new ApiClient(Files.readString(urlFile), null);
      // both instances own groups now; post through both, then kill b before the groups' first flush is due
      IntStream.range(0, GROUPS).forEach(i -> post(i % 2 == 0 ? apiA : apiB, "Crash" + i, null));
      b.destroyForcibly().waitFor();

      Set<String> expected = new HashSet<>();
      IntStream.range(0, GROUPS).forEach(i -> expected.add("{}:{alertname=\"Crash" + i + "\"}"));
      await().atMost(Duration.ofSeconds(120)).until(() -> new HashSet<>(delivered("firing")).containsAll(expected));
      // at least once: a notification b was sending when killed may arrive twice, never zero times
      assertThat(new HashSet<>(delivered("firing"))).isEqualTo(expected);
    } finally {
      b.destroyForcibly();
    }
  }
}

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
        .withApplicationId("alert-router-ha").withStateDir(dir.resolve(name)).withTick(Duration.ofMillis(200)));
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
    // several group_intervals later still exactly one notification per group
    await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30)).until(() -> delivered("firing").size() == GROUPS);
    assertThat(new HashSet<>(delivered("firing"))).hasSize(GROUPS);

    // Resolve the first groups and open new ones, then stop instance b before their timers fire.
    String now = Instant.now().toString();
    IntStream.range(0, GROUPS).forEach(i -> post(apiA, "Group" + i, now));
    IntStream.range(GROUPS, 2 * GROUPS).forEach(i -> post(apiA, "Group" + i, null));
    b.close();
    b = null;

    await().atMost(Duration.ofSeconds(120)).until(() -> delivered("resolved").size() >= GROUPS
        && delivered("firing").size() >= 2 * GROUPS);
    await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
        .until(() -> delivered("resolved").size() == GROUPS && delivered("firing").size() == 2 * GROUPS);
    Set<String> expected = new HashSet<>();
    IntStream.range(0, 2 * GROUPS).forEach(i -> expected.add("{}:{alertname=\"Group" + i + "\"}"));
    assertThat(new HashSet<>(delivered("firing"))).isEqualTo(expected);
    assertThat(new HashSet<>(delivered("resolved"))).hasSize(GROUPS);
  }
}

package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-run and comes back on the same data directory and port: while it is away the router says
 * not ready and refuses writes at once with 503 (Prometheus retries); it recovers by itself and every
 * notification that fell due is delivered, none lost. The outage lasts {@code -Deventpipe.test.brokerOutage}
 * (ISO-8601, default the issue's 2 minutes: longer than the clients' request, transaction and metadata timeouts).
 */
class BrokerOutageTest {
  private static final Duration OUTAGE = Duration.parse(System.getProperty("eventpipe.test.brokerOutage", "PT2M"));

  @TempDir
  Path dir;

  private EmbeddedKafkaBroker broker;
  private RecordingServer hook;
  private AlertRouterApp.Running router;

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
    if (hook != null) {
      hook.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** When the test's alerts start; a resolution keeps it, as Prometheus does (a fresh startsAt could follow endsAt). */
  private static final Instant STARTS_AT = Instant.now();

  private static HttpResponse<String> post(ApiClient api, String alertname, String endsAt) {
    String json = "[{\"labels\":{\"alertname\":\"" + alertname + "\"},\"startsAt\":\"" + STARTS_AT + "\""
        + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}]";
    return api.send("POST", "/api/v2/alerts", json);
  }

  private List<String> delivered(String status) {
    return hook.delivered("/hook").stream().filter(r -> r.body().get("status").asText().equals(status))
        .map(r -> r.body().get("groupLabels").get("alertname").asText()).toList();
  }

  /** The router's notification and restart counters, to tell on failure where an alert stopped. */
  private String routerCounters() {
    return router.metrics().scrape().lines().filter(l -> l.startsWith("alert_router_") && !l.startsWith("#")
        && (l.contains("notifications") || l.contains("restarts") || l.contains("alerts"))).toList().toString();
  }

  @Test
  void routerReportsNotReadyDuringABrokerOutageRecoversAndLosesNothing() throws Exception {
    Path data = dir.resolve("kafka");
    broker = EmbeddedKafkaBroker.start(0, data);
    int port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
    hook = new RecordingServer();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route: {receiver: hook, group_by: [alertname], group_wait: 3s, group_interval: 2s}
        receivers:
        - name: hook
          webhook_configs: [{url: '%s'}]
        """.formatted(hook.url("/hook")));
    router = AlertRouterApp.start(AlertRouterConfig.of(broker.bootstrapServers(), config, null).withHttpPort(0)
        .withApplicationId("alert-router-outage").withStateDir(dir.resolve("state")));
    ApiClient api = new ApiClient(router.apiUrl(), null);

    assertThat(post(api, "BeforeOutage", null).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> delivered("firing").contains("BeforeOutage"));
    // accepted just before the stop and due 3 s later, in the middle of the outage
    assertThat(post(api, "DueDuringOutage", null).statusCode()).isEqualTo(200);
    broker.close();
    long stoppedAt = System.nanoTime();

    await().atMost(Duration.ofSeconds(15)).until(() -> api.send("GET", "/-/ready", null).statusCode() == 503);
    assertThat(api.send("GET", "/-/ready", null).body()).startsWith("not ready: ");
    long asked = System.nanoTime();
    HttpResponse<String> refused = post(api, "DuringOutage", null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat((System.nanoTime() - asked) / 1_000_000).as("answer time (ms)").isLessThan(5_000);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(api.send("GET", "/-/healthy", null).statusCode()).isEqualTo(200);

    Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000));
    broker = EmbeddedKafkaBroker.start(port, data);

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
        .until(() -> api.send("GET", "/-/ready", null).statusCode() == 200);
    // what Prometheus does after a 503: send again
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> post(api, "DuringOutage", null).statusCode() == 200);
    assertThat(post(api, "AfterOutage", null).statusCode()).isEqualTo(200);
    assertThat(post(api, "BeforeOutage", Instant.now().toString()).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      assertThat(delivered("firing")).as(() -> "firing notifications delivered; router: " + routerCounters())
          .contains("BeforeOutage", "DueDuringOutage", "DuringOutage", "AfterOutage");
      assertThat(delivered("resolved")).as("resolved notifications delivered").contains("BeforeOutage");
    });
  }
}

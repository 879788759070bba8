package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router and a real Alertmanager 0.25 get the same opsgenie and victorops receivers (pointed at local servers
 * through api_url) and the same alerts; every request they send (method, path with alias or keys, query,
 * Authorization, Content-Type, body field by field) must be the same, firing (create + update_alerts PUTs) and
 * resolved (close, RECOVERY). Setup as in AlertmanagerParityTest.
 */
class OpsGenieVictorOpsParityTest {
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper SORTED = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final String CONFIG = """
      route:
        receiver: og
        group_by: [alertname]
        group_wait: 5s
        group_interval: 5s
        routes:
        - matchers: ['team="db"']
          receiver: vo
          continue: true
        - matchers: ['alertname=~".+"']
          receiver: og
      receivers:
      - name: og
        opsgenie_configs:
        - api_key: 'k3y'
          api_url: '%1$s/og'
          update_alerts: true
          details: {svc: '{{ .CommonLabels.service }}', team: 'x-{{ .CommonLabels.team }}'}
          entity: '{{ .GroupLabels.alertname }}'
          responders:
          - {name: 'ops-{{ .CommonLabels.team }}', type: team}
          - {name: 'a, b', type: teams}
          - {username: jane, type: User}
          - {id: '{{ .CommonLabels.none }}', type: '{{ .CommonLabels.none }}'}
          tags: ' one,two ,, three'
          actions: 'restart,page'
          note: 'note {{ len .Alerts }}'
          priority: '{{ if eq .CommonLabels.team "db" }}P1{{ else }}P3{{ end }}'
      - name: vo
        victorops_configs:
        - api_key: 's3cr3t'
          api_url: '%1$s/vo'
          routing_key: 'rk-{{ .CommonLabels.team }}'
          message_type: '{{ if eq .CommonLabels.service "mysql" }}WARNING{{ else }}bogus{{ end }}'
          custom_fields: {svc: '{{ .CommonLabels.service }}', hosts: '{{ range .Alerts }}{{ .Labels.host }} {{ end }}'}
      """;

  @TempDir
  Path dir;

  private static String alerts(Instant startsAt, String endsAt) {
    String end = endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"";
    String start = "\"startsAt\":\"" + startsAt + "\"";
    return "[" + String.join(",",
        "{\"labels\":{\"alertname\":\"DiskFull\",\"service\":\"mysql\",\"team\":\"db\",\"host\":\"h1\"},"
            + "\"annotations\":{\"summary\":\"full\"}," + start + end + "}",
        "{\"labels\":{\"alertname\":\"DiskFull\",\"service\":\"mysql\",\"team\":\"db\",\"host\":\"h2\"},"
            + "\"annotations\":{\"summary\":\"full\"}," + start + end + "}",
        "{\"labels\":{\"alertname\":\"ServiceDown\",\"service\":\"checkout\",\"team\":\"api\"},"
            + "\"annotations\":{\"summary\":\"down\",\"runbook\":\"r\"}," + start + end + "}") + "]";
  }

  private static String canonical(JsonNode body) {
    try {
      return body == null ? "null" : SORTED.writeValueAsString(SORTED.convertValue(body, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every request of this status (close/RECOVERY = resolved) as comparable text, sorted. */
  private static List<String> requests(RecordingServer server, String status) {
    List<String> out = new ArrayList<>();
    for (RecordingServer.Request r : server.all()) {
      boolean resolved = r.path().endsWith("/close") || r.text().contains("\"RECOVERY\"");
      if (resolved == status.equals("resolved")) {
        out.add(r.method() + " " + r.path() + "?" + r.query() + " auth=" + r.header("Authorization") + " type="
            + r.contentType() + " " + canonical(r.body()));
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void opsGenieAndVictorOpsRequestsEqualAlertmanagers() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager not installed; skipping");
    int amPort;
    try (ServerSocket s = new ServerSocket(0)) {
      amPort = s.getLocalPort();
    }
    String externalUrl = "http://127.0.0.1:" + amPort;
    try (KafkaCluster kafka = KafkaClusters.start(); RecordingServer fromAm = new RecordingServer();
        RecordingServer fromRouter = new RecordingServer()) {
      Path amConfig = dir.resolve("am.yml");
      Files.writeString(amConfig, CONFIG.formatted(fromAm.url("")));
      Path routerConfig = dir.resolve("router.yml");
      Files.writeString(routerConfig, CONFIG.formatted(fromRouter.url("")));
      Process am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + amConfig,
          "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort,
          "--web.external-url=" + externalUrl, "--cluster.listen-address=").redirectErrorStream(true)
          .redirectOutput(dir.resolve("am.log").toFile()).start();
      try (AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(),
          routerConfig, null).withHttpPort(0).withApplicationId("alert-router-parity-og")
          .withStateDir(dir.resolve("state")).withTick(Duration.ofMillis(100)).withExternalUrl(externalUrl))) {
        ApiClient amApi = new ApiClient(externalUrl, null);
        ApiClient routerApi = new ApiClient(router.apiUrl(), null);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> amApi.send("GET", "/-/ready", null).statusCode() == 200);
        Instant startsAt = Instant.now();
        String firing = alerts(startsAt, null);
        assertThat(amApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        // og: DiskFull and ServiceDown, each create + 2 PUTs; vo: DiskFull
        await().atMost(Duration.ofSeconds(60)).until(() -> requests(fromAm, "firing").size() >= 7
            && requests(fromRouter, "firing").size() >= 7);
        assertThat(requests(fromRouter, "firing")).isEqualTo(requests(fromAm, "firing"));
        String resolved = alerts(startsAt, Instant.now().toString());
        assertThat(amApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> requests(fromAm, "resolved").size() >= 3
            && requests(fromRouter, "resolved").size() >= 3);
        assertThat(requests(fromRouter, "resolved")).isEqualTo(requests(fromAm, "resolved"));
      } finally {
        am.destroy();
        am.waitFor();
      }
    }
  }
}

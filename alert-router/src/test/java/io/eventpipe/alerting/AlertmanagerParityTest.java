package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router and a real Alertmanager 0.25 (Debian package) get the same alertmanager.yml and the same alerts; the
 * notifications they send (receiver, group key, status, group and common labels, alerts by fingerprint and status)
 * must be the same: routing with continue and nested routes, group_by '...', inhibition with equal, resolution.
 */
class AlertmanagerParityTest {
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final String CONFIG = """
      route:
        receiver: default
        group_by: [alertname]
        # Alerts of one POST reach a group through Kafka transactions (~100 ms apart, seconds on a loaded
        # machine); a group_wait well above that keeps them in one first notification, as in Alertmanager.
        group_wait: 5s
        group_interval: 5s
        routes:
        - matchers: ['severity="critical"']
          receiver: pager
          group_by: ['...']
          continue: true
        - match: {team: db}
          receiver: db
          routes:
          - match_re: {service: "mysql|postgres"}
            receiver: sql
            group_by: [service]
        - matchers: ['team="api"']
          receiver: api
      inhibit_rules:
      - source_matchers: ['alertname="ServiceDown"']
        target_matchers: ['alertname="HighLatency"']
        equal: [service]
      receivers:
      - {name: default, webhook_configs: [{url: '%1$s/default'}]}
      - {name: pager, webhook_configs: [{url: '%1$s/pager'}]}
      - {name: db, webhook_configs: [{url: '%1$s/db'}]}
      - {name: sql, webhook_configs: [{url: '%1$s/sql'}]}
      - {name: api, webhook_configs: [{url: '%1$s/api'}]}
      """;
  private static final List<String> PATHS = List.of("/default", "/pager", "/db", "/sql", "/api");

  @TempDir
  Path dir;

  private static String alerts(Instant startsAt, String endsAt) {
    String end = endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"";
    // A fresh start, so both wait group_wait (an older one flushes at once, before the router has all alerts).
    String start = "\"startsAt\":\"" + startsAt + "\"";
    return "[" + String.join(",",
        "{\"labels\":{\"alertname\":\"ServiceDown\",\"service\":\"checkout\",\"team\":\"api\",\"severity\":\"critical\"},"
            + start + end + "}",
        "{\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"checkout\",\"team\":\"api\"},\"annotations\":{\"summary\":\"slow\"},"
            + start + end + "}",
        "{\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"search\",\"team\":\"api\"},\"annotations\":{\"summary\":\"slow\"},"
            + start + end + "}",
        "{\"labels\":{\"alertname\":\"DiskFull\",\"service\":\"mysql\",\"team\":\"db\",\"severity\":\"critical\",\"host\":\"h1\"},"
            + start + end + "}",
        "{\"labels\":{\"alertname\":\"DiskFull\",\"service\":\"mysql\",\"team\":\"db\",\"host\":\"h2\"}," + start + end + "}",
        "{\"labels\":{\"alertname\":\"Replication\",\"service\":\"redis\",\"team\":\"db\"}," + start + end + "}",
        "{\"labels\":{\"alertname\":\"Orphan\"}," + start + end + "}") + "]";
  }

  /** Every notification as comparable text, sorted; timestamps left out (both got the same ones). */
  private static Set<String> notifications(RecordingServer server, String status) {
    Set<String> out = new TreeSet<>();
    for (String path : PATHS) {
      for (RecordingServer.Request r : server.delivered(path)) {
        JsonNode b = r.body();
        if (!b.get("status").asText().equals(status)) {
          continue;
        }
        List<String> alerts = new ArrayList<>();
        b.get("alerts").forEach(a -> alerts.add(a.get("fingerprint").asText() + "=" + a.get("status").asText()
            + a.get("annotations")));
        out.add(path + " " + b.get("receiver").asText() + " " + b.get("groupKey").asText() + " "
            + b.get("groupLabels") + " " + b.get("commonLabels") + " " + b.get("commonAnnotations") + " " + alerts);
      }
    }
    return out;
  }

  /** Waits until both have sent something with this status and neither has sent anything new for 4 s. */
  private static void awaitStable(RecordingServer a, RecordingServer b, String status) {
    Set<String>[] last = new Set[] {Set.of(), Set.of()};
    await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(4)).until(() -> {
      Set<String> x = notifications(a, status);
      Set<String> y = notifications(b, status);
      boolean same = !x.isEmpty() && !y.isEmpty() && x.equals(last[0]) && y.equals(last[1]);
      last[0] = x;
      last[1] = y;
      return same;
    });
  }

  @Test
  void sameConfigAndAlertsGiveTheSameNotificationsAsAlertmanager() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager not installed at "
        + ALERTMANAGER + " (apt-get install -y --no-install-recommends prometheus-alertmanager); skipping parity test");
    int amPort;
    try (ServerSocket s = new ServerSocket(0)) {
      amPort = s.getLocalPort();
    }
    try (KafkaCluster kafka = KafkaClusters.start(); RecordingServer fromAm = new RecordingServer();
        RecordingServer fromRouter = new RecordingServer()) {
      Path amConfig = dir.resolve("am.yml");
      Files.writeString(amConfig, CONFIG.formatted(fromAm.url("")));
      Path routerConfig = dir.resolve("router.yml");
      Files.writeString(routerConfig, CONFIG.formatted(fromRouter.url("")));
      Process am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + amConfig,
          "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort,
          "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
      try (AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(),
          routerConfig, null).withHttpPort(0).withApplicationId("alert-router-parity").withStateDir(dir.resolve("state"))
          .withTick(Duration.ofMillis(100)))) {
        ApiClient amApi = new ApiClient("http://127.0.0.1:" + amPort, null);
        ApiClient routerApi = new ApiClient(router.apiUrl(), null);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> amApi.send("GET", "/-/ready", null).statusCode() == 200);

        Instant startsAt = Instant.now();
        String firing = alerts(startsAt, null);
        assertThat(amApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        awaitStable(fromAm, fromRouter, "firing");
        assertThat(notifications(fromRouter, "firing")).isEqualTo(notifications(fromAm, "firing"));
        // ServiceDown inhibits HighLatency on checkout only; pager gets one group per alert ('...').
        assertThat(notifications(fromRouter, "firing")).hasSize(7);

        String resolved = alerts(startsAt, Instant.now().toString());
        assertThat(amApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        awaitStable(fromAm, fromRouter, "resolved");
        assertThat(notifications(fromRouter, "resolved")).isEqualTo(notifications(fromAm, "resolved"));
      } finally {
        am.destroy();
        am.waitFor();
      }
    }
  }

  private static final String TEMPLATED = """
      route:
        receiver: slack
        group_by: [alertname]
        group_wait: 5s
        group_interval: 5s
        routes:
        - matchers: ['severity="critical"']
          receiver: pager
          continue: true
        - matchers: ['team="api"']
          receiver: slack
      receivers:
      - name: slack
        slack_configs:
        - api_url: '%1$s/slack'
          channel: '#alerts'
          icon_emoji: ':fire:'
          send_resolved: true
          color: '{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}'
          text: '{{ range $i, $a := .Alerts }}{{ if $i }}, {{ end }}{{ $a.Labels.service }}={{ $a.Annotations.summary | toUpper }}{{ end }}'
          short_fields: true
          fields:
          - {title: Team, value: '{{ .CommonLabels.team }}'}
          - {title: Count, value: '{{ len .Alerts.Firing }}/{{ len .Alerts }}', short: false}
          actions:
          - {type: button, text: Silence, url: '{{ .ExternalURL }}/#/silences/new', style: danger}
      - name: pager
        pagerduty_configs:
        - routing_key: 'r0ut1ngk3y'
          url: '%1$s/pagerduty'
          severity: '{{ .CommonLabels.severity }}'
          class: '{{ .CommonLabels.alertname }}'
          details:
            services: '{{ range .Alerts }}{{ .Labels.service }} {{ end }}'
          links:
          - {href: '{{ .ExternalURL }}', text: Alertmanager}
      """;

  private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = new com.fasterxml.jackson.databind.ObjectMapper()
      .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** JSON with object keys sorted, so bodies compare field by field whatever order each encoder chose. */
  static String canonicalJson(JsonNode body) {
    return canonical(body);
  }

  private static String canonical(JsonNode body) {
    try {
      return SORTED.writeValueAsString(SORTED.convertValue(body, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every Slack and PagerDuty request body with this status, keyed by path and sorted, as JSON text. */
  private static List<String> bodies(RecordingServer server, String status) {
    List<String> out = new ArrayList<>();
    for (String path : List.of("/slack", "/pagerduty")) {
      for (RecordingServer.Request r : server.delivered(path)) {
        String text = r.body().toString();
        boolean resolved = text.contains("\"event_action\":\"resolve\"") || text.contains("RESOLVED");
        if (resolved == status.equals("resolved")) {
          out.add(path + " " + canonical(r.body()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void slackAndPagerDutyPayloadsRenderedFromTemplatesEqualAlertmanagers() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager not installed; skipping");
    int amPort;
    try (ServerSocket s = new ServerSocket(0)) {
      amPort = s.getLocalPort();
    }
    String externalUrl = "http://127.0.0.1:" + amPort;
    try (KafkaCluster kafka = KafkaClusters.start(); RecordingServer fromAm = new RecordingServer();
        RecordingServer fromRouter = new RecordingServer()) {
      Path amConfig = dir.resolve("am-templated.yml");
      Files.writeString(amConfig, TEMPLATED.formatted(fromAm.url("")));
      Path routerConfig = dir.resolve("router-templated.yml");
      Files.writeString(routerConfig, TEMPLATED.formatted(fromRouter.url("")));
      Process am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + amConfig,
          "--storage.path=" + dir.resolve("am-data-t"), "--web.listen-address=127.0.0.1:" + amPort,
          "--web.external-url=" + externalUrl, "--cluster.listen-address=").redirectErrorStream(true)
          .redirectOutput(dir.resolve("am-t.log").toFile()).start();
      try (AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(),
          routerConfig, null).withHttpPort(0).withApplicationId("alert-router-parity-t")
          .withStateDir(dir.resolve("state-t")).withTick(Duration.ofMillis(100)).withExternalUrl(externalUrl))) {
        ApiClient amApi = new ApiClient(externalUrl, null);
        ApiClient routerApi = new ApiClient(router.apiUrl(), null);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> amApi.send("GET", "/-/ready", null).statusCode() == 200);
        Instant startsAt = Instant.now();
        String firing = alerts(startsAt, null);
        assertThat(amApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(fromAm, "firing").size() >= 3
            && bodies(fromRouter, "firing").size() >= bodies(fromAm, "firing").size());
        assertThat(bodies(fromRouter, "firing")).isEqualTo(bodies(fromAm, "firing"));
        String resolved = alerts(startsAt, Instant.now().toString());
        assertThat(amApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> !bodies(fromAm, "resolved").isEmpty()
            && bodies(fromRouter, "resolved").size() >= bodies(fromAm, "resolved").size());
        assertThat(bodies(fromRouter, "resolved")).isEqualTo(bodies(fromAm, "resolved"));
      } finally {
        am.destroy();
        am.waitFor();
      }
    }
  }
}

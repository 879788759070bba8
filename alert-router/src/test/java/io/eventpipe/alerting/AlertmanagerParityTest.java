package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router and a real Alertmanager 0.25 (Debian package) get the same alertmanager.yml and the same alerts; the
 * notifications they send (receiver, group key, status, group and common labels, alerts by fingerprint and status)
 * must be the same: routing with continue and nested routes, group_by '...', inhibition with equal, resolution.
 */
class AlertmanagerParityTest {
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
    SideBySide.assumeAlertmanager();
    try (SideBySide both = SideBySide.start(dir, "webhook", CONFIG)) {
      Instant startsAt = Instant.now();
      both.post(alerts(startsAt, null));
      awaitStable(both.fromAm, both.fromRouter, "firing");
      assertThat(notifications(both.fromRouter, "firing")).isEqualTo(notifications(both.fromAm, "firing"));
      // ServiceDown inhibits HighLatency on checkout only; pager gets one group per alert ('...').
      assertThat(notifications(both.fromRouter, "firing")).hasSize(7);

      both.post(alerts(startsAt, Instant.now().toString()));
      awaitStable(both.fromAm, both.fromRouter, "resolved");
      assertThat(notifications(both.fromRouter, "resolved")).isEqualTo(notifications(both.fromAm, "resolved"));
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

  /** Every Slack and PagerDuty request body with this status, keyed by path and sorted, as JSON text. */
  private static List<String> bodies(RecordingServer server, String status) {
    List<String> out = new ArrayList<>();
    for (String path : List.of("/slack", "/pagerduty")) {
      for (RecordingServer.Request r : server.delivered(path)) {
        String text = r.body().toString();
        boolean resolved = text.contains("\"event_action\":\"resolve\"") || text.contains("RESOLVED");
        if (resolved == status.equals("resolved")) {
          out.add(path + " " + SideBySide.canonicalJson(r.body()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void slackAndPagerDutyPayloadsRenderedFromTemplatesEqualAlertmanagers() throws Exception {
    SideBySide.assumeAlertmanager();
    try (SideBySide both = SideBySide.start(dir, "templated", TEMPLATED)) {
      Instant startsAt = Instant.now();
      both.post(alerts(startsAt, null));
      await().atMost(Duration.ofSeconds(60)).until(() -> bodies(both.fromAm, "firing").size() >= 3
          && bodies(both.fromRouter, "firing").size() >= bodies(both.fromAm, "firing").size());
      assertThat(bodies(both.fromRouter, "firing")).isEqualTo(bodies(both.fromAm, "firing"));
      both.post(alerts(startsAt, Instant.now().toString()));
      await().atMost(Duration.ofSeconds(60)).until(() -> !bodies(both.fromAm, "resolved").isEmpty()
          && bodies(both.fromRouter, "resolved").size() >= bodies(both.fromAm, "resolved").size());
      assertThat(bodies(both.fromRouter, "resolved")).isEqualTo(bodies(both.fromAm, "resolved"));
    }
  }
}

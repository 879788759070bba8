package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router and a real Alertmanager 0.25 get the same opsgenie and victorops receivers (pointed at local servers
 * through api_url) and the same alerts; every request they send (method, path with alias or keys, query,
 * Authorization, Content-Type, body field by field) must be the same, firing (create + update_alerts PUTs) and
 * resolved (close, RECOVERY). Both run through {@link SideBySide}.
 */
class OpsGenieVictorOpsParityTest {
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

  /** Every request of this status (close/RECOVERY = resolved) as comparable text, sorted. */
  private static List<String> requests(RecordingServer server, String status) {
    List<String> out = new ArrayList<>();
    for (RecordingServer.Request r : server.all()) {
      boolean resolved = r.path().endsWith("/close") || r.text().contains("\"RECOVERY\"");
      if (resolved == status.equals("resolved")) {
        out.add(r.method() + " " + r.path() + "?" + r.query() + " auth=" + r.header("Authorization") + " type="
            + r.contentType() + " " + SideBySide.canonicalJson(r.body()));
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void opsGenieAndVictorOpsRequestsEqualAlertmanagers() throws Exception {
    SideBySide.assumeAlertmanager();
    try (SideBySide both = SideBySide.start(dir, "og", CONFIG)) {
      Instant startsAt = Instant.now();
      both.post(alerts(startsAt, null));
      // og: DiskFull and ServiceDown, each create + 2 PUTs; vo: DiskFull
      await().atMost(Duration.ofSeconds(60)).until(() -> requests(both.fromAm, "firing").size() >= 7
          && requests(both.fromRouter, "firing").size() >= 7);
      assertThat(requests(both.fromRouter, "firing")).isEqualTo(requests(both.fromAm, "firing"));
      both.post(alerts(startsAt, Instant.now().toString()));
      await().atMost(Duration.ofSeconds(60)).until(() -> requests(both.fromAm, "resolved").size() >= 3
          && requests(both.fromRouter, "resolved").size() >= 3);
      assertThat(requests(both.fromRouter, "resolved")).isEqualTo(requests(both.fromAm, "resolved"));
    }
  }
}

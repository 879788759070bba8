package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.ConfigFixtures;
import io.eventpipe.alerting.notify.DeliveryException;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.Integrations;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.NotifiedAlert;
import io.eventpipe.alerting.notify.PushoverConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * opsgenie, victorops and pushover deliver through {@link Integrations#of} to a local server the exact requests
 * Alertmanager 0.25 builds (method, path, query, headers, every body field), firing and resolved, and classify the
 * answers as 0.25's Retrier does.
 */
class OpsGenieVictorOpsPushoverDeliveryTest {
  private static final String EXTERNAL = "http://am.example:9093";
  private static final String GROUP_KEY = "{}:{alertname=\"DiskFull\"}";
  private static final Map<String, String> LABELS = Map.of("alertname", "DiskFull", "host", "h1", "team", "db");
  private static final String SUBJECT = "[FIRING:1] DiskFull (h1 db)";
  private static final String SOURCE = EXTERNAL + "/#/alerts?receiver=ops";
  private static final String LIST = "Labels:\n - alertname = DiskFull\n - host = h1\n - team = db\nAnnotations:\n"
      + " - summary = disk full\nSource: http://gen/1\n";

  private static Notification notification(boolean firing) {
    String status = firing ? "firing" : "resolved";
    NotifiedAlert a = new NotifiedAlert(status, LABELS, Map.of("summary", "disk full"), 1_700_000_000_000L,
        firing ? 0 : 1_700_000_600_000L, "http://gen/1", "f1");
    return new Notification("n1", "g1", GROUP_KEY, "ops", 0, "x", status, Map.of("alertname", "DiskFull"), LABELS,
        Map.of("summary", "disk full"), List.of(a), 0);
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static AlertmanagerConfig config(String receiver) {
    return ConfigFixtures.parse("route: {receiver: ops}\nreceivers:\n- name: ops\n" + receiver);
  }

  private static void send(AlertmanagerConfig c, IntegrationConfig ic, Notification n) throws DeliveryException {
    Integrations.of(ic, c.templates(), EXTERNAL, Duration.ofSeconds(5)).send(n);
  }

  private static List<RecordingServer.Request> inOrder(RecordingServer server, String... paths) {
    List<RecordingServer.Request> out = new ArrayList<>();
    for (String p : paths) {
      out.addAll(server.all(p));
    }
    out.sort(Comparator.comparingLong(RecordingServer.Request::receivedAtNanos));
    return out;
  }

  @Test
  void opsGenieCreatesUpdatesAndClosesByAlias() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      AlertmanagerConfig c = ConfigFixtures.parse("global: {opsgenie_api_key: k3y, opsgenie_api_url: '"
          + server.url("/og") + "'}\nroute: {receiver: ops}\nreceivers:\n- name: ops\n  opsgenie_configs:\n"
          + "  - update_alerts: true\n"
          + "    details: {team: 'override-{{ .CommonLabels.team }}', runbook: 'http://rb/{{ .GroupLabels.alertname }}'}\n"
          + "    entity: '{{ .CommonLabels.host }}'\n"
          + "    responders:\n"
          + "    - {name: 'ops-{{ .CommonLabels.team }}', type: team}\n"
          + "    - {name: 'a, b,', type: teams}\n"
          + "    - {id: '{{ .CommonLabels.none }}', type: '{{ .CommonLabels.none }}'}\n"
          + "    - {username: jane, type: User}\n"
          + "    actions: 'restart, page'\n    tags: ' a,b ,,c '\n    note: n\n    priority: P2\n");
      IntegrationConfig og = c.receivers().get("ops").integrations().get(0);
      assertThat(og.type()).isEqualTo("opsgenie");
      assertThat(og.toString()).doesNotContain("k3y");
      String alias = sha256(GROUP_KEY);
      String base = "/og/v2/alerts";
      send(c, og, notification(true));
      List<RecordingServer.Request> firing = inOrder(server, base, base + "/" + alias + "/message",
          base + "/" + alias + "/description");
      assertThat(firing).extracting(r -> r.method() + " " + r.path() + "?" + r.query()).containsExactly(
          "POST " + base + "?null", "PUT " + base + "/" + alias + "/message?identifierType=alias",
          "PUT " + base + "/" + alias + "/description?identifierType=alias");
      for (RecordingServer.Request r : firing) {
        assertThat(r.header("Authorization")).isEqualTo("GenieKey k3y");
        assertThat(r.contentType()).isEqualTo("application/json");
      }
      String description = "disk full\nAlerts Firing:\n" + LIST + "\n";
      Map<String, Object> expected = new java.util.LinkedHashMap<>();
      expected.put("alias", alias);
      expected.put("message", SUBJECT);
      expected.put("description", description);
      expected.put("details", Map.of("alertname", "DiskFull", "host", "h1", "team", "override-db", "runbook",
          "http://rb/DiskFull"));
      expected.put("source", SOURCE);
      expected.put("responders", List.of(Map.of("name", "ops-db", "type", "team"), Map.of("name", "a", "type", "team"),
          Map.of("name", " b", "type", "team"), Map.of("username", "jane", "type", "User")));
      expected.put("tags", List.of("a", "b ", "c"));
      expected.put("note", "n");
      expected.put("priority", "P2");
      expected.put("entity", "h1");
      expected.put("actions", List.of("restart", " page"));
      assertThat(firing.get(0).body()).isEqualTo(Json.MAPPER.valueToTree(expected));
      assertThat(firing.get(1).body()).isEqualTo(Json.MAPPER.readTree("{\"message\":" + Json.MAPPER
          .writeValueAsString(SUBJECT) + "}"));
      assertThat(firing.get(2).body().get("description").asText()).isEqualTo(description);
      assertThat(firing.get(2).body().size()).isEqualTo(1);

      send(c, og, notification(false));
      List<RecordingServer.Request> close = server.all(base + "/" + alias + "/close");
      assertThat(close).hasSize(1);
      assertThat(close.get(0).method()).isEqualTo("POST");
      assertThat(close.get(0).query()).isEqualTo("identifierType=alias");
      assertThat(close.get(0).header("Authorization")).isEqualTo("GenieKey k3y");
      assertThat(close.get(0).body()).isEqualTo(Json.MAPPER.readTree("{\"source\":\"" + SOURCE + "\"}"));
      assertThat(server.all(base)).hasSize(1); // resolved: no create
    }
  }

  @Test
  void opsGenieDefaultsOmitEmptyFieldsTruncateAndStopAtTheFirstFailure() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      AlertmanagerConfig c = config("  opsgenie_configs:\n  - api_key: '{{ \"t\" }}mpl'\n    api_url: '"
          + server.url("/x/") + "'\n    message: '" + "m".repeat(140) + "'\n    description: ''\n");
      IntegrationConfig og = c.receivers().get("ops").integrations().get(0);
      send(c, og, notification(true));
      RecordingServer.Request create = server.all("/x/v2/alerts").get(0);
      assertThat(create.header("Authorization")).isEqualTo("GenieKey tmpl");
      assertThat(create.body().get("message").asText()).isEqualTo("m".repeat(129) + "…");
      assertThat(create.body().has("description")).isFalse();
      assertThat(create.body().get("details")).isEqualTo(Json.MAPPER.valueToTree(LABELS));
      assertThat(create.body().get("source").asText()).isEqualTo(SOURCE);
      for (String omitted : List.of("responders", "tags", "note", "priority", "entity", "actions")) {
        assertThat(create.body().has(omitted)).as(omitted).isFalse();
      }
      server.answer("/x/v2/alerts", 429, "application/json", "{\"message\":\"slow down\"}");
      assertThatThrownBy(() -> send(c, og, notification(true))).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue());
      server.answer("/x/v2/alerts", 422, "application/json", "{\"message\":\"bad\"}");
      assertThatThrownBy(() -> send(c, og, notification(true))).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isFalse());
    }
  }

  @Test
  void victorOpsPostsToKeyAndRoutingKeyWithRecoveryWhenResolved() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      AlertmanagerConfig c = config("  victorops_configs:\n  - api_key: s3cr3t\n    api_url: '"
          + server.url("/vo") + "'\n    routing_key: 'team-{{ .CommonLabels.team }}'\n    message_type: bogus\n"
          + "    custom_fields: {host: '{{ .CommonLabels.host }}', fixed: x}\n");
      IntegrationConfig vo = c.receivers().get("ops").integrations().get(0);
      assertThat(vo.toString()).doesNotContain("s3cr3t");
      send(c, vo, notification(true));
      RecordingServer.Request r = server.all("/vo/s3cr3t/team-db").get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.body()).isEqualTo(Json.MAPPER.valueToTree(Map.of("message_type", "CRITICAL",
          "entity_id", sha256(GROUP_KEY), "entity_display_name", SUBJECT,
          "state_message", "disk full\nAlerts Firing:\n" + LIST + "\n", "monitoring_tool", "Alertmanager",
          "host", "h1", "fixed", "x")));
      send(c, vo, notification(false));
      JsonNode resolved = server.all("/vo/s3cr3t/team-db").get(1).body();
      assertThat(resolved.get("message_type").asText()).isEqualTo("RECOVERY");
      assertThat(resolved.get("entity_display_name").asText()).isEqualTo("[RESOLVED] DiskFull (h1 db)");
      assertThat(resolved.get("state_message").asText()).isEqualTo("disk full\n\nAlerts Resolved:\n" + LIST);
      server.answer("/vo/s3cr3t/team-db", 429, "text/plain", "slow");
      assertThatThrownBy(() -> send(c, vo, notification(true))).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).as("0.25 retries only 5xx for victorops").isFalse());
      server.answer("/vo/s3cr3t/team-db", 503, "text/plain", "down");
      assertThatThrownBy(() -> send(c, vo, notification(true))).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue());
    }
  }

  @Test
  void victorOpsKeepsAllowedMessageTypesAndReadsTheKeyFileEachTime() throws Exception {
    java.nio.file.Path key = java.nio.file.Files.createTempFile("vo", ".key");
    java.nio.file.Files.writeString(key, "filekey\n");
    try (RecordingServer server = new RecordingServer()) {
      AlertmanagerConfig c = ConfigFixtures.parse("global: {victorops_api_key_file: '" + key + "', "
          + "victorops_api_url: '" + server.url("/g/") + "'}\nroute: {receiver: ops}\nreceivers:\n- name: ops\n"
          + "  victorops_configs: [{routing_key: rk, message_type: WARNING}]\n");
      IntegrationConfig vo = c.receivers().get("ops").integrations().get(0);
      send(c, vo, notification(true));
      assertThat(server.all("/g/filekey/rk").get(0).body().get("message_type").asText()).isEqualTo("WARNING");
      java.nio.file.Files.writeString(key, "rotated");
      send(c, vo, notification(true));
      assertThat(server.all("/g/rotated/rk")).hasSize(1);
      AlertmanagerConfig odd = config("  victorops_configs: [{api_key: k, api_url: '" + server.url("/o/")
          + "', routing_key: 'a b?c/{{ .CommonLabels.team }}'}]\n");
      send(odd, odd.receivers().get("ops").integrations().get(0), notification(true));
      assertThat(server.all().get(server.all().size() - 1).path()).isEqualTo("/o/k/a b?c/db"); // decoded by the server
      assertThat(io.eventpipe.alerting.notify.VictorOpsIntegrationAccess.escape("k/a b?c/é:@!"))
          .isEqualTo("k/a%20b%3Fc/%C3%A9:@%21");
    } finally {
      java.nio.file.Files.delete(key);
    }
  }

  @Test
  void pushoverSendsEveryParameterInTheQueryOfAnEmptyTextPost() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      AlertmanagerConfig c = config("  pushover_configs:\n  - user_key: 'u{{ \"1\" }}'\n    token: t0k3n\n"
          + "    sound: siren\n    url_title: 'Open *~'\n    retry: 30s\n    expire: 2h\n");
      PushoverConfig loaded = (PushoverConfig) c.receivers().get("ops").integrations().get(0);
      assertThat(loaded.apiUrl()).isEqualTo("https://api.pushover.net/1/messages.json");
      assertThat(loaded.toString()).doesNotContain("t0k3n");
      PushoverConfig local = new PushoverConfig(server.url("/1/messages.json"), loaded.userKey(), loaded.token(),
          loaded.title(), loaded.message(), loaded.url(), loaded.urlTitle(), loaded.sound(), loaded.priority(),
          loaded.retry(), loaded.expire(), loaded.html(), loaded.sendResolved(), loaded.http());
      send(c, local, notification(true));
      RecordingServer.Request r = server.all("/1/messages.json").get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.contentType()).isEqualTo("text/plain");
      assertThat(r.text()).isEmpty();
      String message = "disk full\n\nAlerts Firing:\n" + LIST;
      assertThat(r.query()).isEqualTo("expire=7200&message=" + q(message.strip()) + "&priority=2&retry=30"
          + "&sound=siren&title=" + q(SUBJECT) + "&token=t0k3n&url=" + q(SOURCE) + "&url_title=Open+%2A~&user=u1");
      send(c, local, notification(false));
      assertThat(server.all("/1/messages.json").get(1).query()).contains("&priority=0&")
          .contains("&title=" + q("[RESOLVED] DiskFull (h1 db)") + "&");
      server.answer("/1/messages.json", 429, "application/json", "{}");
      assertThatThrownBy(() -> send(c, local, notification(true))).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isFalse());
    }
  }

  @Test
  void pushoverHtmlEscapesTheMessageAndNeverSendsAnEmptyOne() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      AlertmanagerConfig c = config("  pushover_configs:\n  - {user_key: u, token: t, html: true, "
          + "message: '<b>{{ .CommonLabels.team }}</b> {{ \"<&>\" }}'}\n  - {user_key: u, token: t, message: '  '}\n");
      for (IntegrationConfig ic : c.receivers().get("ops").integrations()) {
        PushoverConfig p = (PushoverConfig) ic;
        send(c, new PushoverConfig(server.url("/p"), p.userKey(), p.token(), p.title(), p.message(), p.url(),
            p.urlTitle(), p.sound(), p.priority(), p.retry(), p.expire(), p.html(), p.sendResolved(), p.http()),
            notification(true));
      }
      List<RecordingServer.Request> rs = server.all("/p");
      assertThat(rs.get(0).query()).contains("&html=1&message=" + q("<b>db</b> &lt;&amp;&gt;") + "&");
      assertThat(rs.get(1).query()).doesNotContain("html=").contains("&message=" + q("(no details)") + "&");
    }
  }

  private static String q(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

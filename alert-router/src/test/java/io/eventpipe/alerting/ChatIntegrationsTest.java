package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.AlertmanagerConfigLoader;
import io.eventpipe.alerting.notify.DeliveryException;
import io.eventpipe.alerting.notify.Integration;
import io.eventpipe.alerting.notify.Integrations;
import io.eventpipe.alerting.notify.NotifiedAlert;
import io.eventpipe.alerting.notify.Notification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Telegram, Discord, Webex and MS Teams deliveries, loaded from YAML and sent through {@link Integrations#of} to a
 * local server: the exact request of Alertmanager 0.25 (msteams: 0.26) and how replies are classified.
 */
class ChatIntegrationsTest {
  private static final String OK_REPLY = "{\"ok\":true,\"result\":{\"message_id\":7,\"chat\":{\"id\":-1001},\"date\":1}}";
  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void close() {
    server.close();
  }

  private static Notification notification(String status, String summary) {
    long start = 1_700_000_000_000L;
    NotifiedAlert alert = new NotifiedAlert(status, Map.of("alertname", "HighLatency", "service", "checkout"),
        Map.of("summary", summary), start, status.equals("firing") ? 0 : start + 60_000, "http://prom/graph", "f1");
    return new Notification("n1", "g1", "{}:{alertname=\"HighLatency\"}", "chat", 0, "chat", status,
        Map.of("alertname", "HighLatency"), Map.of("alertname", "HighLatency", "service", "checkout"),
        Map.of("summary", summary), List.of(alert), start);
  }

  /** The only integration of receiver {@code chat} in this config, built as the router builds it. */
  private Integration integration(String configs) {
    String yaml = "route: {receiver: chat}\nreceivers:\n- name: chat\n" + configs.formatted(server.url(""));
    AlertmanagerConfig c = AlertmanagerConfigLoader.parse(yaml, Path.of("."), Map.<String, String>of()::get);
    return Integrations.of(c.receivers().get("chat").integrations().get(0), c.templates(), "http://am.example",
        Duration.ofSeconds(5));
  }

  private static JsonNode json(String text) throws java.io.IOException {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void telegramPostsSendMessageWithStringFieldsAndHtmlEscapedTemplates() throws Exception {
    server.answer("/bot123:ABC/sendMessage", 200, "application/json", OK_REPLY);
    integration("""
          telegram_configs:
          - {api_url: '%1$s', bot_token: '123:ABC', chat_id: -1001, disable_notifications: true,
             message: '{{ .CommonLabels.alertname }} <b>{{ .CommonAnnotations.summary }}</b>'}
        """).send(notification("firing", "p99 > 2s & rising"));
    RecordingServer.Request r = server.delivered("/bot123:ABC/sendMessage").get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.query()).isNull();
    assertThat(r.body()).isEqualTo(json("{\"chat_id\":\"-1001\",\"text\":\"HighLatency <b>p99 &gt; 2s &amp; rising</b>\","
        + "\"parse_mode\":\"HTML\",\"disable_web_page_preview\":\"true\",\"disable_notification\":\"true\"}"));
  }

  @Test
  void telegramWithoutParseModeSendsNoneRendersPlainTextAndCutsAt4096Runes() throws Exception {
    server.answer("/botT/sendMessage", 200, "application/json", OK_REPLY);
    integration("""
          telegram_configs:
          - {api_url: '%1$s', bot_token: T, chat_id: 42, parse_mode: '', message: '{{ .CommonAnnotations.summary }}'}
        """).send(notification("resolved", "é<" + "x".repeat(5000)));
    JsonNode body = server.delivered("/botT/sendMessage").get(0).body();
    assertThat(body.fieldNames()).toIterable().containsExactly("chat_id", "text", "disable_web_page_preview");
    assertThat(body.get("text").asText()).isEqualTo("é<" + "x".repeat(4093) + "…").hasSize(4096);
  }

  @Test
  void telegramRetriesEveryFailureAsTelebotReportsIt() {
    Integration telegram = integration("  telegram_configs: [{api_url: '%1$s', bot_token: T, chat_id: 1}]\n");
    server.answer("/botT/sendMessage", 400, "application/json",
        "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
    assertThatThrownBy(() -> telegram.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    server.answer("/botT/sendMessage", 200, "application/json", "{\"ok\":false,\"error_code\":429,"
        + "\"description\":\"Too Many Requests: retry after 5\",\"parameters\":{\"retry_after\":5}}");
    assertThatThrownBy(() -> telegram.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
          assertThat(e.getMessage()).isEqualTo("telegram: Too Many Requests: retry after 5 (429)");
        });
    server.answer("/botT/sendMessage", 200, "text/html", "<html>proxy</html>");
    assertThatThrownBy(() -> telegram.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void discordPostsOneEmbedColouredByStatusWithEmptyContent() throws Exception {
    Integration discord = integration("""
          discord_configs:
          - {webhook_url: '%1$s/api/webhooks/1/tok', title: '{{ .Status }} {{ .GroupLabels.alertname }}',
             message: '{{ range .Alerts }}{{ .Labels.service }}: {{ .Annotations.summary }}{{ end }}'}
        """);
    discord.send(notification("firing", "slow"));
    discord.send(notification("resolved", "slow"));
    List<RecordingServer.Request> sent = server.delivered("/api/webhooks/1/tok");
    assertThat(sent.get(0).contentType()).isEqualTo("application/json");
    assertThat(sent.get(0).body()).isEqualTo(json("{\"content\":\"\",\"embeds\":[{\"title\":\"firing HighLatency\","
        + "\"description\":\"checkout: slow\",\"color\":10038562}]}"));
    assertThat(sent.get(1).body()).isEqualTo(json("{\"content\":\"\",\"embeds\":[{\"title\":\"resolved HighLatency\","
        + "\"description\":\"checkout: slow\",\"color\":3066993}]}"));
  }

  @Test
  void discordWebexAndTeamsRetryOnly5xxNot429AsAlertmanagersRetrier() {
    Integration discord = integration("  discord_configs: [{webhook_url: '%1$s/d'}]\n");
    server.answer("/d", 429, "application/json", "{\"retry_after\":1}");
    assertThatThrownBy(() -> discord.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
    server.answer("/d", 502, "text/plain", "bad gateway");
    assertThatThrownBy(() -> discord.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    Integration teams = integration("  msteams_configs: [{webhook_url: '%1$s/t'}]\n");
    server.answer("/t", 429, "text/plain", "throttled");
    assertThatThrownBy(() -> teams.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
    Integration webex = integration("  webex_configs: [{api_url: '%1$s/w', room_id: r, "
        + "http_config: {authorization: {credentials: c}}}]\n");
    server.answer("/w", 503, "text/plain", "down");
    assertThatThrownBy(() -> webex.send(notification("firing", "s"))).isInstanceOfSatisfying(
        DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void webexPostsMarkdownAndRoomWithTheEntrysAuthorizationCutTo7439Bytes() throws Exception {
    Integration webex = integration("""
          webex_configs:
          - {api_url: '%1$s/v1/messages', room_id: 'Y2lzY29zcGFyazovL3VzL1JPT00v', message: '{{ .CommonAnnotations.summary }}',
             http_config: {authorization: {credentials: 'b0t-t0ken'}}}
        """);
    webex.send(notification("firing", "disk <90%> full"));
    RecordingServer.Request r = server.delivered("/v1/messages").get(0);
    assertThat(r.header("Authorization")).isEqualTo("Bearer b0t-t0ken");
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo(json("{\"markdown\":\"disk <90%> full\",\"roomId\":\"Y2lzY29zcGFyazovL3VzL1JPT00v\"}"));
    // 3000 three-byte runes: 9000 bytes, cut to 2478 whole runes (7434 bytes) and the 3-byte marker.
    webex.send(notification("firing", "€".repeat(3000)));
    String markdown = server.delivered("/v1/messages").get(1).body().get("markdown").asText();
    assertThat(markdown).isEqualTo("€".repeat(2478) + "…");
    assertThat(markdown.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(7437);
  }

  @Test
  void teamsPostsAMessageCardWithThemeColourByStatus() throws Exception {
    Integration teams = integration("""
          msteams_configs:
          - {webhook_url: '%1$s/webhookb2/x', text: '{{ .CommonAnnotations.summary }}'}
        """);
    teams.send(notification("firing", "slow"));
    teams.send(notification("resolved", "slow"));
    List<RecordingServer.Request> sent = server.delivered("/webhookb2/x");
    assertThat(sent.get(0).body()).isEqualTo(json("{\"@context\":\"http://schema.org/extensions\",\"type\":\"MessageCard\","
        + "\"title\":\"[FIRING:1] HighLatency (checkout)\",\"text\":\"slow\",\"themeColor\":\"8C1A1A\"}"));
    assertThat(sent.get(1).body()).isEqualTo(json("{\"@context\":\"http://schema.org/extensions\",\"type\":\"MessageCard\","
        + "\"title\":\"[RESOLVED] HighLatency (checkout)\",\"text\":\"slow\",\"themeColor\":\"2DC72D\"}"));
  }

  @Test
  void teamsDefaultTextIsAlertmanager026sMarkdownList() throws Exception {
    integration("  msteams_configs: [{webhook_url: '%1$s/t'}]\n").send(notification("firing", "slow"));
    assertThat(server.delivered("/t").get(0).body().get("text").asText()).isEqualTo("\n\n# Alerts Firing:\n\n"
        + "Labels:\n  - alertname = HighLatency\n  - service = checkout\n\nAnnotations:\n  - summary = slow\n\n"
        + "Source: http://prom/graph\n\n\n\n\n");
  }
}

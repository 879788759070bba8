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
 * The router and the real Alertmanager 0.25 get the same telegram, discord and webex receivers (their URLs pointed
 * at local servers) and the same alerts; the request bodies must be equal field by field, firing and resolved,
 * default templates (telegram's HTML-escaped) included. msteams has no 0.25 to compare with.
 */
class ChatIntegrationsParityTest {
  private static final String TELEGRAM_PATH = "/tg/bot123:ABC/sendMessage";
  private static final List<String> PATHS = List.of(TELEGRAM_PATH, "/discord", "/webex");
  private static final String CONFIG = """
      route:
        receiver: chat
        group_by: [alertname]
        group_wait: 5s
        group_interval: 5s
      receivers:
      - name: chat
        telegram_configs:
        - {api_url: '%1$s/tg', bot_token: '123:ABC', chat_id: -1001, disable_notifications: true}
        discord_configs:
        - {webhook_url: '%1$s/discord'}
        - {webhook_url: '%1$s/discord', title: '{{ .Status }}/{{ len .Alerts }}', message: '{{ .CommonLabels.team }}'}
        webex_configs:
        - {api_url: '%1$s/webex', room_id: 'room-1', http_config: {authorization: {credentials: 'tok'}}}
      """;
  @TempDir
  Path dir;

  private static String alerts(Instant startsAt, String endsAt) {
    String end = endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"";
    String start = "\"startsAt\":\"" + startsAt + "\"";
    return "[{\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"checkout\",\"team\":\"api\"},"
        + "\"annotations\":{\"summary\":\"p99 > 2s & <rising>\"}," + start + end + "},"
        + "{\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"search\",\"team\":\"api\"},"
        + "\"annotations\":{\"summary\":\"p99 > 2s & <rising>\"}," + start + end + "}]";
  }

  /** Every request body with this status (by its text), keyed by path, sorted. */
  private static List<String> bodies(RecordingServer server, String status) {
    List<String> out = new ArrayList<>();
    for (String path : PATHS) {
      for (RecordingServer.Request r : server.delivered(path)) {
        boolean resolved = r.text().contains("RESOLVED") || r.text().contains("resolved/")
            || r.text().contains("Alerts Resolved") || r.text().contains("3066993");
        if (resolved == status.equals("resolved")) {
          out.add(path + " " + r.contentType() + " " + r.header("Authorization") + " " + SideBySide.canonicalJson(r.body()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void telegramDiscordAndWebexRequestsEqualAlertmanagers() throws Exception {
    SideBySide.assumeAlertmanager();
    String reply = "{\"ok\":true,\"result\":{\"message_id\":7,\"chat\":{\"id\":-1001},\"date\":1}}";
    try (SideBySide both = SideBySide.start(dir, "chat", CONFIG,
        r -> r.answer(TELEGRAM_PATH, 200, "application/json", reply))) {
      Instant startsAt = Instant.now();
      both.post(alerts(startsAt, null));
      await().atMost(Duration.ofSeconds(60)).until(() -> bodies(both.fromAm, "firing").size() >= 4
          && bodies(both.fromRouter, "firing").size() >= 4);
      assertThat(bodies(both.fromRouter, "firing")).isEqualTo(bodies(both.fromAm, "firing"));
      both.post(alerts(startsAt, Instant.now().toString()));
      await().atMost(Duration.ofSeconds(60)).until(() -> bodies(both.fromAm, "resolved").size() >= 4
          && bodies(both.fromRouter, "resolved").size() >= 4);
      assertThat(bodies(both.fromRouter, "resolved")).isEqualTo(bodies(both.fromAm, "resolved"));
    }
  }
}

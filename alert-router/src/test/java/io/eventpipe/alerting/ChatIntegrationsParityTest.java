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
 * The router and the real Alertmanager 0.25 get the same telegram, discord and webex receivers (their URLs pointed
 * at local servers) and the same alerts; the request bodies must be equal field by field, firing and resolved,
 * default templates (telegram's HTML-escaped) included. msteams has no 0.25 to compare with.
 */
class ChatIntegrationsParityTest {
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
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
  private static final ObjectMapper SORTED = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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

  private static String canonical(JsonNode body) {
    try {
      return SORTED.writeValueAsString(SORTED.convertValue(body, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every request body with this status (by its text), keyed by path, sorted. */
  private static List<String> bodies(RecordingServer server, String status) {
    List<String> out = new ArrayList<>();
    for (String path : PATHS) {
      for (RecordingServer.Request r : server.delivered(path)) {
        boolean resolved = r.text().contains("RESOLVED") || r.text().contains("resolved/")
            || r.text().contains("Alerts Resolved") || r.text().contains("3066993");
        if (resolved == status.equals("resolved")) {
          out.add(path + " " + r.contentType() + " " + r.header("Authorization") + " " + canonical(r.body()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void telegramDiscordAndWebexRequestsEqualAlertmanagers() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager not installed; skipping");
    int amPort;
    try (ServerSocket s = new ServerSocket(0)) {
      amPort = s.getLocalPort();
    }
    String externalUrl = "http://127.0.0.1:" + amPort;
    String reply = "{\"ok\":true,\"result\":{\"message_id\":7,\"chat\":{\"id\":-1001},\"date\":1}}";
    try (KafkaCluster kafka = KafkaClusters.start(); RecordingServer fromAm = new RecordingServer();
        RecordingServer fromRouter = new RecordingServer()) {
      fromAm.answer(TELEGRAM_PATH, 200, "application/json", reply);
      fromRouter.answer(TELEGRAM_PATH, 200, "application/json", reply);
      Path amConfig = dir.resolve("am-chat.yml");
      Files.writeString(amConfig, CONFIG.formatted(fromAm.url("")));
      Path routerConfig = dir.resolve("router-chat.yml");
      Files.writeString(routerConfig, CONFIG.formatted(fromRouter.url("")));
      Process am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + amConfig,
          "--storage.path=" + dir.resolve("am-data-c"), "--web.listen-address=127.0.0.1:" + amPort,
          "--web.external-url=" + externalUrl, "--cluster.listen-address=").redirectErrorStream(true)
          .redirectOutput(dir.resolve("am-c.log").toFile()).start();
      try (AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(),
          routerConfig, null).withHttpPort(0).withApplicationId("alert-router-parity-chat")
          .withStateDir(dir.resolve("state-c")).withTick(Duration.ofMillis(100)).withExternalUrl(externalUrl))) {
        ApiClient amApi = new ApiClient(externalUrl, null);
        ApiClient routerApi = new ApiClient(router.apiUrl(), null);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> amApi.send("GET", "/-/ready", null).statusCode() == 200);
        Instant startsAt = Instant.now();
        String firing = alerts(startsAt, null);
        assertThat(amApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", firing).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(fromAm, "firing").size() >= 4
            && bodies(fromRouter, "firing").size() >= 4);
        assertThat(bodies(fromRouter, "firing")).isEqualTo(bodies(fromAm, "firing"));
        String resolved = alerts(startsAt, Instant.now().toString());
        assertThat(amApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        assertThat(routerApi.send("POST", "/api/v2/alerts", resolved).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(fromAm, "resolved").size() >= 4
            && bodies(fromRouter, "resolved").size() >= 4);
        assertThat(bodies(fromRouter, "resolved")).isEqualTo(bodies(fromAm, "resolved"));
      } finally {
        am.destroy();
        am.waitFor();
      }
    }
  }
}

package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.AlertmanagerConfigLoader;
import io.eventpipe.alerting.notify.DeliveryException;
import io.eventpipe.alerting.notify.Integration;
import io.eventpipe.alerting.notify.Integrations;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.NotifiedAlert;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** wechat_configs delivered through Integrations.of to a local server: Alertmanager 0.25's token and send calls. */
class WeChatDeliveryTest {
  static final Notification FIRING = new Notification("id", "0:{}", "{}:{alertname=\"Disk\"}", "wx", 0, "wechat",
      "firing", Map.of("alertname", "Disk"), Map.of("alertname", "Disk", "host", "h1"), Map.of("summary", "full & hot"),
      List.of(new NotifiedAlert("firing", Map.of("alertname", "Disk", "host", "h1"), Map.of("summary", "full & hot"),
          0, 0, "http://prom/graph", "fp1")), 10);

  private static Integration integration(String yaml) {
    AlertmanagerConfig c = AlertmanagerConfigLoader.parse(yaml, Path.of("."), Map.<String, String>of()::get);
    return Integrations.of(c.receivers().get("wx").integrations().get(0), c.templates(), "http://am",
        Duration.ofSeconds(5));
  }

  private static String config(String url, String extra) {
    return """
        global: {wechat_api_secret: 's3cr et+/', wechat_api_corp_id: 'corp1'}
        route: {receiver: wx}
        receivers:
        - name: wx
          wechat_configs:
          - api_url: '%s'
            to_user: '@all'
            agent_id: '1000002'
            message: '{{ .CommonLabels.alertname }} {{ .CommonAnnotations.summary }}'
        %s""".formatted(url, extra);
  }

  @Test
  void fetchesTheTokenOnceThenPostsTheMessageWithIt() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      s.answer("/cgi-bin/gettoken", 200, "application/json", "{\"errcode\":0,\"access_token\":\"T0K\",\"expires_in\":7200}");
      s.answer("/cgi-bin/message/send", 200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");
      Integration wx = integration(config(s.url("/cgi-bin"), ""));
      wx.send(FIRING);
      wx.send(FIRING);
      List<RecordingServer.Request> tokens = s.all("/cgi-bin/gettoken");
      assertThat(tokens).hasSize(1);
      assertThat(tokens.get(0).method()).isEqualTo("GET");
      assertThat(tokens.get(0).query()).isEqualTo("corpid=corp1&corpsecret=s3cr+et%2B%2F");
      List<RecordingServer.Request> sends = s.all("/cgi-bin/message/send");
      assertThat(sends).hasSize(2);
      RecordingServer.Request r = sends.get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.query()).isEqualTo("access_token=T0K");
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.body().toString()).isEqualTo("{\"text\":{\"content\":\"Disk full & hot\"},\"touser\":\"@all\","
          + "\"agentid\":\"1000002\",\"safe\":\"0\",\"msgtype\":\"text\",\"markdown\":{\"content\":\"\"}}");
    }
  }

  @Test
  void markdownGoesInTheMarkdownField() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      s.answer("/gettoken", 200, "application/json", "{\"access_token\":\"T\"}");
      s.answer("/message/send", 200, "application/json", "{}");
      integration(config(s.url("/"), "    message_type: markdown\n")).send(FIRING);
      assertThat(s.all("/message/send").get(0).body().toString()).isEqualTo("{\"text\":{\"content\":\"\"},"
          + "\"touser\":\"@all\",\"agentid\":\"1000002\",\"safe\":\"0\",\"msgtype\":\"markdown\","
          + "\"markdown\":{\"content\":\"Disk full & hot\"}}");
    }
  }

  @Test
  void expiredTokenCode42001IsRetryableAndFetchesANewToken() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      s.answer("/gettoken", 200, "application/json", "{\"access_token\":\"T\"}");
      s.answer("/message/send", 200, "application/json", "{\"code\":42001,\"error\":\"access_token expired\"}");
      Integration wx = integration(config(s.url(""), ""));
      assertThatThrownBy(() -> wx.send(FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue()).hasMessageContaining("access_token expired");
      assertThatThrownBy(() -> wx.send(FIRING)).isInstanceOf(DeliveryException.class);
      assertThat(s.all("/gettoken")).hasSize(2);
    }
  }

  @Test
  void repliesClassifiedAsAlertmanager025Does() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      s.answer("/gettoken", 200, "application/json", "{\"access_token\":\"T\"}");
      Integration wx = integration(config(s.url(""), ""));
      // 0.25 reads "code", not WeChat's "errcode": this reply is a success there too.
      s.answer("/message/send", 200, "application/json", "{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}");
      wx.send(FIRING);
      s.answer("/message/send", 200, "application/json", "{\"code\":40001,\"error\":\"bad\"}");
      assertThatThrownBy(() -> wx.send(FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isFalse());
      s.answer("/message/send", 400, "application/json", "{}"); // any non-200 status: retryable
      assertThatThrownBy(() -> wx.send(FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue());
      s.answer("/message/send", 200, "text/plain", "not json"); // undecodable reply: retryable
      assertThatThrownBy(() -> wx.send(FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue());
      assertThat(s.all("/gettoken")).hasSize(1);
    }
  }

  @Test
  void tokenReplyWithoutAccessTokenIsNotRetryable() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      s.answer("/gettoken", 200, "application/json", "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
      Integration wx = integration(config(s.url(""), ""));
      assertThatThrownBy(() -> wx.send(FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isFalse()).hasMessageContaining("invalid APISecret for CorpID: corp1");
      assertThat(s.all("/message/send")).isEmpty();
    }
  }
}

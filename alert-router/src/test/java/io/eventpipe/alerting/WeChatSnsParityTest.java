package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router and a real Alertmanager 0.25 get the same wechat_configs / sns_configs pointed at local servers and
 * the same alerts; the requests they send (WeChat's token query and message JSON; SNS's signed Publish form) must
 * be the same, firing and resolved. Both run through {@link SideBySide}.
 */
class WeChatSnsParityTest {

  @TempDir
  Path dir;

  private static String alerts(Instant startsAt, String endsAt) {
    String end = endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"";
    String start = "\"startsAt\":\"" + startsAt + "\"";
    return "[{\"labels\":{\"alertname\":\"DiskFull\",\"service\":\"mysql\",\"severity\":\"critical\",\"host\":\"h1\"},"
        + "\"annotations\":{\"summary\":\"disk <full> & \\\"hot\\\" é\"}," + start + end + "},"
        + "{\"labels\":{\"alertname\":\"DiskFull\",\"service\":\"mysql\",\"host\":\"h2\"},\"annotations\":{\"summary\":"
        + "\"disk <full> & \\\"hot\\\" é\"}," + start + end + "}]";
  }

  /** Runs both on {@code config}, firing then resolved, until {@code seen} has 2 requests on each; then compares. */
  private void run(String name, String config, Function<RecordingServer, List<?>> seen,
      java.util.function.Consumer<RecordingServer> answers, java.util.function.BiConsumer<RecordingServer,
      RecordingServer> compare) throws Exception {
    try (SideBySide both = SideBySide.start(dir, name, config, answers)) {
      Instant startsAt = Instant.now();
      both.post(alerts(startsAt, null));
      await().atMost(Duration.ofSeconds(60)).until(() -> seen.apply(both.fromAm).size() >= 1
          && seen.apply(both.fromRouter).size() >= 1);
      both.post(alerts(startsAt, Instant.now().toString()));
      await().atMost(Duration.ofSeconds(60)).until(() -> seen.apply(both.fromAm).size() >= 2
          && seen.apply(both.fromRouter).size() >= 2);
      compare.accept(both.fromAm, both.fromRouter);
    }
  }

  private static final String WECHAT = """
      global:
        wechat_api_url: '%1$s/wechat/'
        wechat_api_secret: 'gl0bal s3cret/+'
      route:
        receiver: wx
        group_by: [alertname]
        group_wait: 2s
        group_interval: 2s
      receivers:
      - name: wx
        wechat_configs:
        - corp_id: 'corp-{{ .CommonLabels.service }}'
          to_user: '@all'
          to_party: '{{ .CommonLabels.service }}'
          agent_id: '1000002'
          send_resolved: true
        - api_url: '%1$s/wx2'
          api_secret: 'own'
          corp_id: 'c2'
          message_type: markdown
          message: '**{{ .Status }}** {{ range .Alerts }}{{ .Labels.host }} {{ .Annotations.summary }};{{ end }}'
          to_tag: 'ops'
          send_resolved: true
      """;

  private static List<String> wechat(RecordingServer s) {
    List<String> out = new ArrayList<>();
    for (String base : List.of("/wechat/", "/wx2/")) {
      for (RecordingServer.Request r : s.all(base + "message/send")) {
        out.add(r.method() + " " + base + " " + r.query() + " " + r.contentType() + " "
            + SideBySide.canonicalJson(r.body()));
      }
    }
    return out;
  }

  private static List<String> tokens(RecordingServer s) {
    List<String> out = new ArrayList<>();
    for (String base : List.of("/wechat/", "/wx2/")) {
      for (RecordingServer.Request r : s.all(base + "gettoken")) {
        out.add(r.method() + " " + base + " " + r.query());
      }
    }
    return out;
  }

  @Test
  void weChatTokenAndMessagesEqualAlertmanagers() throws Exception {
    SideBySide.assumeAlertmanager();
    run("wechat", WECHAT, s -> s.all("/wx2/message/send"), s -> {
      for (String base : List.of("/wechat/", "/wx2/")) {
        s.answer(base + "gettoken", 200, "application/json", "{\"errcode\":0,\"access_token\":\"tok" + base.length()
            + "\",\"expires_in\":7200}");
        s.answer(base + "message/send", 200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");
      }
    }, (am, router) -> {
      // one token per integration, cached for the resolved notification
      assertThat(tokens(router)).isEqualTo(tokens(am)).hasSize(2);
      assertThat(wechat(router)).isEqualTo(wechat(am)).hasSize(4);
      assertThat(String.join("\n", wechat(router))).contains("[FIRING:2] DiskFull (mysql)", "[RESOLVED]",
          "\"msgtype\":\"markdown\"", "**resolved** h2 disk <full>");
      assertThat(tokens(router)).containsExactly("GET /wechat/ corpid=corp-mysql&corpsecret=gl0bal+s3cret%2F%2B",
          "GET /wx2/ corpid=c2&corpsecret=own");
    });
  }

  private static final String SNS = """
      route:
        receiver: sns
        group_by: [alertname]
        group_wait: 2s
        group_interval: 2s
      receivers:
      - name: sns
        sns_configs:
        - api_url: '%1$s/sns'
          sigv4: {region: us-east-1, access_key: AKIDEXAMPLE, secret_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}
          topic_arn: 'arn:aws:sns:us-east-1:123456789012:alerts.fifo'
          attributes:
            severity: '{{ .CommonLabels.service }}'
            '{{ .GroupLabels.alertname }}': 'a b&c'
        - api_url: '%1$s/sms/'
          sigv4: {region: eu-west-1, access_key: AKIDEXAMPLE, secret_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}
          phone_number: '+15555550100'
          message: 'LONGMSG{{ .Status }}'
        - api_url: '%1$s/target'
          sigv4: {region: us-east-1, access_key: AKIDEXAMPLE, secret_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}
          target_arn: 'arn:aws:sns:us-east-1:123456789012:endpoint/APNS/app/abc'
          subject: '{{ if false }}never{{ end }}'
      """.replace("LONGMSG", "%2$s");
  private static final java.util.regex.Pattern AUTHORIZATION = java.util.regex.Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(\\d{8})/([a-z0-9-]+)/sns/aws4_request, "
      + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
  private static final List<String> SNS_PATHS = List.of("/sns/", "/sms/", "/target/");

  private static List<String> sns(RecordingServer s) {
    List<String> out = new ArrayList<>();
    for (String path : SNS_PATHS) {
      for (RecordingServer.Request r : s.all(path)) {
        out.add(r.method() + " " + path + " " + r.query() + " " + r.contentType() + " " + r.text());
      }
    }
    return out;
  }

  /** Credential scope and signed headers of each request, after checking its signature recomputes. */
  private static List<String> signatures(RecordingServer s) {
    List<String> out = new ArrayList<>();
    for (String path : SNS_PATHS) {
      for (RecordingServer.Request r : s.all(path)) {
        String auth = r.header("Authorization");
        java.util.regex.Matcher m = AUTHORIZATION.matcher(auth);
        assertThat(m.matches()).as(auth).isTrue();
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String h : m.group(3).split(";")) {
          headers.put(h, h.equals("content-length") ? Integer.toString(r.text().getBytes(
              java.nio.charset.StandardCharsets.UTF_8).length) : r.header(h));
        }
        io.eventpipe.alerting.notify.SigV4.Signed again = io.eventpipe.alerting.notify.SigV4.sign(r.method(), path,
            r.query(), headers, r.text().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            new io.eventpipe.alerting.notify.SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                null), m.group(2), "sns", Instant.from(io.eventpipe.alerting.notify.SigV4.AMZ_DATE
                .parse(r.header("X-Amz-Date"))));
        assertThat(again.signature()).as("signature of " + path + " recomputed").isEqualTo(m.group(4));
        out.add(path + " " + m.group(2) + " " + m.group(3));
      }
    }
    return out;
  }

  @Test
  void snsPublishFormsAndSigningEqualAlertmanagers() throws Exception {
    SideBySide.assumeAlertmanager();
    String xml = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>"
        + "m1</MessageId></PublishResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
        + "</PublishResponse>";
    run("sns", SNS.formatted("%1$s", "x" + "é".repeat(900)), s -> s.all("/target/"), s -> SNS_PATHS.forEach(
        path -> s.answer(path, 200, "text/xml", xml)), (am, router) -> {
          assertThat(sns(router)).isEqualTo(sns(am)).hasSize(6);
          assertThat(signatures(router)).isEqualTo(signatures(am)).hasSize(6);
        });
  }
}

package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.eventpipe.alerting.alert.Fingerprint;
import io.eventpipe.alerting.notify.DeliveryPolicy;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One router on a real broker, its API called over HTTP, delivering to real local HTTP servers (webhook, Slack,
 * PagerDuty) and a real SMTP server (GreenMail); payloads are checked field by field.
 */
class AlertRouterIntegrationTest {
  private static final String TOKEN = "s3cret-token";

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts", "mail-password"))
      .withPerMethodLifecycle(false);

  @TempDir
  static Path dir;

  private static KafkaCluster kafka;
  private static RecordingServer receivers;
  private static AlertRouterApp.Running router;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.start();
    receivers = new RecordingServer();
    receivers.failNext("/flaky", 3);
    receivers.failNext("/dead", 1_000);
    receivers.throttleNext("/throttled", 1);
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        global:
          resolve_timeout: 5m
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 4h
          routes:
          - {matchers: ['alertname="SlackTest"'], receiver: slack}
          - {matchers: ['alertname="PagerTest"'], receiver: pager}
          - {matchers: ['alertname="MailTest"'], receiver: mail}
          - {matchers: ['alertname="FlakyTest"'], receiver: flaky}
          - {matchers: ['alertname="DeadTest"'], receiver: dead}
          - {matchers: ['alertname="ThrottledTest"'], receiver: throttled}
        receivers:
        - name: hook
          webhook_configs: [{url: '%s'}]
        - name: slack
          slack_configs:
          - api_url: '%s'
            channel: '#ops'
            username: alertbot
            title: '{{ .CommonLabels.alertname }} is {{ .Status }}'
            text: '{{ range .Alerts }}{{ .Annotations.summary }} on {{ .Labels.service }}{{ end }}'
            send_resolved: true
        - name: pager
          pagerduty_configs: [{routing_key: 'pd-routing-key-123', url: '%s', severity: critical}]
        - name: mail
          email_configs:
          - {to: 'ops@example.org', from: 'router@example.org', smarthost: '127.0.0.1:%d', auth_username: alerts,
             auth_password: mail-password, require_tls: false}
        - name: flaky
          webhook_configs: [{url: '%s'}]
        - name: dead
          webhook_configs: [{url: '%s'}]
        - name: throttled
          webhook_configs: [{url: '%s'}]
        """.formatted(receivers.url("/hook"), receivers.url("/slack"), receivers.url("/pagerduty"),
        smtp.getSmtp().getPort(), receivers.url("/flaky"), receivers.url("/dead"),
        receivers.url("/throttled")));
    router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(), config, null).withHttpPort(0)
        .withBearerToken(TOKEN).withApplicationId("alert-router-it").withStateDir(dir.resolve("state"))
        .withTick(Duration.ofMillis(200)).withExternalUrl("http://router.test")
        .withDelivery(new DeliveryPolicy(Duration.ofSeconds(5), 5, Duration.ofMillis(100), Duration.ofSeconds(1))));
    api = new ApiClient(router.apiUrl(), TOKEN);
  }

  @AfterAll
  static void stop() {
    if (router != null) {
      router.close();
    }
    receivers.close();
    kafka.close();
  }

  private static void post(String alertname, Map<String, String> extra, String endsAt) {
    StringBuilder labels = new StringBuilder("\"alertname\":\"" + alertname + "\"");
    extra.forEach((k, v) -> labels.append(",\"").append(k).append("\":\"").append(v).append('"'));
    String json = "[{\"labels\":{" + labels + "},\"annotations\":{\"summary\":\"5xx ratio high\"},"
        + "\"startsAt\":\"2026-01-01T00:00:00Z\"," + (endsAt == null ? "" : "\"endsAt\":\"" + endsAt + "\",")
        + "\"generatorURL\":\"http://prometheus.test/graph?g0.expr=x\"}]";
    assertThat(api.send("POST", "/api/v2/alerts", json).statusCode()).isEqualTo(200);
  }

  private static List<RecordingServer.Request> hook(String alertname) {
    return receivers.delivered("/hook").stream()
        .filter(r -> r.body().get("groupLabels").path("alertname").asText().equals(alertname)).toList();
  }

  @Test
  void webhookGetsAlertmanagerPayloadV4FiringThenResolved() {
    post("HookTest", Map.of("service", "api", "severity", "warning"), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> hook("HookTest").size() == 1);
    JsonNode body = hook("HookTest").get(0).body();
    assertThat(body.get("version").asText()).isEqualTo("4");
    assertThat(body.get("groupKey").asText()).isEqualTo("{}:{alertname=\"HookTest\"}");
    assertThat(body.get("truncatedAlerts").asInt()).isZero();
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("receiver").asText()).isEqualTo("hook");
    assertThat(body.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"HookTest\"}");
    assertThat(body.get("commonLabels").toString())
        .isEqualTo("{\"alertname\":\"HookTest\",\"service\":\"api\",\"severity\":\"warning\"}");
    assertThat(body.get("commonAnnotations").toString()).isEqualTo("{\"summary\":\"5xx ratio high\"}");
    assertThat(body.get("externalURL").asText()).isEqualTo("http://router.test");
    JsonNode alert = body.get("alerts").get(0);
    assertThat(alert.get("status").asText()).isEqualTo("firing");
    assertThat(alert.get("startsAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(alert.get("generatorURL").asText()).isEqualTo("http://prometheus.test/graph?g0.expr=x");
    assertThat(alert.get("fingerprint").asText()).isEqualTo(Fingerprint.hex(Map.of("alertname", "HookTest",
        "service", "api", "severity", "warning")));
    assertThat(hook("HookTest").get(0).contentType()).isEqualTo("application/json");

    String end = Instant.now().toString();
    post("HookTest", Map.of("service", "api", "severity", "warning"), end);
    await().atMost(Duration.ofSeconds(60)).until(() -> hook("HookTest").size() == 2);
    JsonNode resolved = hook("HookTest").get(1).body();
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("alerts").get(0).get("status").asText()).isEqualTo("resolved");
    assertThat(Instant.parse(resolved.get("alerts").get(0).get("endsAt").asText()).toEpochMilli())
        .isEqualTo(Instant.parse(end).toEpochMilli());
  }

  @Test
  void slackMessageWithTemplatesAndColourByStatus() {
    post("SlackTest", Map.of("service", "checkout"), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> receivers.delivered("/slack").size() == 1);
    JsonNode body = receivers.delivered("/slack").get(0).body();
    assertThat(body.get("channel").asText()).isEqualTo("#ops");
    assertThat(body.get("username").asText()).isEqualTo("alertbot");
    JsonNode attachment = body.get("attachments").get(0);
    assertThat(attachment.get("title").asText()).isEqualTo("SlackTest is firing");
    assertThat(attachment.get("text").asText()).isEqualTo("5xx ratio high on checkout");
    assertThat(attachment.get("color").asText()).isEqualTo("danger");
    // Alertmanager's default fallback: the default title and title link.
    assertThat(attachment.get("fallback").asText())
        .isEqualTo("[FIRING:1] SlackTest (checkout) | http://router.test/#/alerts?receiver=slack");

    post("SlackTest", Map.of("service", "checkout"), Instant.now().toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> receivers.delivered("/slack").size() == 2);
    JsonNode resolved = receivers.delivered("/slack").get(1).body().get("attachments").get(0);
    assertThat(resolved.get("title").asText()).isEqualTo("SlackTest is resolved");
    assertThat(resolved.get("color").asText()).isEqualTo("good");
  }

  @Test
  void pagerDutyEventsV2TriggerThenResolveWithStableDedupKey() throws Exception {
    post("PagerTest", Map.of("service", "api"), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> receivers.delivered("/pagerduty").size() == 1);
    JsonNode trigger = receivers.delivered("/pagerduty").get(0).body();
    String groupKey = "{}/{alertname=\"PagerTest\"}:{alertname=\"PagerTest\"}";
    String dedup = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(groupKey.getBytes(StandardCharsets.UTF_8)));
    assertThat(trigger.get("routing_key").asText()).isEqualTo("pd-routing-key-123");
    assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
    assertThat(trigger.get("dedup_key").asText()).isEqualTo(dedup);
    assertThat(trigger.get("payload").get("summary").asText()).isEqualTo("[FIRING:1] PagerTest (api)");
    assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("critical");
    assertThat(trigger.get("payload").get("source").asText()).isEqualTo("Alertmanager"); // default client template
    assertThat(trigger.get("payload").get("custom_details").get("num_firing").asText()).isEqualTo("1");
    assertThat(trigger.get("payload").get("custom_details").get("num_resolved").asText()).isEqualTo("0");

    post("PagerTest", Map.of("service", "api"), Instant.now().toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> receivers.delivered("/pagerduty").size() == 2);
    JsonNode resolve = receivers.delivered("/pagerduty").get(1).body();
    assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.get("dedup_key").asText()).isEqualTo(dedup);
    // Alertmanager 0.25 sends the payload on resolve too (the parity test compares it with a real one).
    assertThat(resolve.get("payload").get("summary").asText()).isEqualTo("[RESOLVED] PagerTest (api)");
  }

  @Test
  void emailOverSmtpWithAuthHasTextAndHtmlParts() throws Exception {
    post("MailTest", Map.of("service", "billing"), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 1);
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[FIRING:1] MailTest (billing)");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("router@example.org");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    // Alertmanager's defaults: no text part (text is empty unless configured), its email.default.html body.
    assertThat(parts.getCount()).isEqualTo(1);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(0).getContent()).contains("<!DOCTYPE html", "alertname = MailTest",
        "summary = 5xx ratio high", "1 alert for ");
  }

  @Test
  void receiverFailingThenRecoveringGetsTheNotificationOnce() {
    post("FlakyTest", Map.of(), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> receivers.delivered("/flaky").size() == 1);
    assertThat(receivers.all("/flaky")).extracting(RecordingServer.Request::status).containsExactly(500, 500, 500, 200);
    assertThat(router.metrics().scrape()).contains(
        "alert_router_notification_retries_total{integration=\"webhook\",receiver=\"flaky\"} 3.0",
        "alert_router_notifications_sent_total{integration=\"webhook\",receiver=\"flaky\"} 1.0");
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheRetryAfterDelay() {
    post("ThrottledTest", Map.of(), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> receivers.delivered("/throttled").size() == 1);
    List<RecordingServer.Request> all = receivers.all("/throttled");
    assertThat(all).extracting(RecordingServer.Request::status).containsExactly(429, 200);
    // the policy's own backoff is 100 ms; the receiver asked for 2 s
    assertThat(all.get(1).receivedAtNanos() - all.get(0).receivedAtNanos()).isGreaterThanOrEqualTo(1_900_000_000L);
  }

  @Test
  void lastFailedAttemptGoesToTheDeadLetterTopicWithTheErrorAndTheNextFlushTriesAgain() {
    post("DeadTest", Map.of(), null);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "dlq-check",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.NOTIFICATION_DEAD_LETTER.name()));
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key().contains("DeadTest")) {
            found.add(r);
          }
        });
        return found.size() >= 2;
      });
      assertThat(DeadLetter.header(found.get(0).headers(), DeadLetter.REASON)).isEqualTo("delivery-failed");
      assertThat(DeadLetter.header(found.get(0).headers(), DeadLetter.DETAIL)).contains("unexpected status 500");
      assertThat(new String(found.get(0).value(), StandardCharsets.UTF_8)).contains("\"receiver\":\"dead\"");
      // the policy's 5 attempts per flush, and the next flush (group_interval later) tried again
      assertThat(receivers.all("/dead").size()).isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void silencedAlertIsSuppressedAndNotifiedAfterTheSilenceIsExpired() {
    String silence = """
        {"matchers":[{"name":"alertname","value":"SilencedTest","isRegex":false,"isEqual":true}],
         "startsAt":"2026-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z","createdBy":"it","comment":"deploy"}""";
    String id = api.json("POST", "/api/v2/silences", silence).get("silenceID").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> api.json("GET", "/api/v2/silences", null).toString().contains(id));
    post("SilencedTest", Map.of(), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.json("GET", "/api/v2/alerts?filter=alertname%3D%22SilencedTest%22", null).size() == 1);
    JsonNode listed = api.json("GET", "/api/v2/alerts?filter=alertname%3D%22SilencedTest%22", null).get(0);
    assertThat(listed.get("status").get("state").asText()).isEqualTo("suppressed");
    assertThat(listed.get("status").get("silencedBy").get(0).asText()).isEqualTo(id);
    assertThat(listed.get("receivers").get(0).get("name").asText()).isEqualTo("hook");
    assertThat(hook("SilencedTest")).isEmpty();

    assertThat(api.send("DELETE", "/api/v2/silence/" + id, null).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> hook("SilencedTest").size() == 1);
    assertThat(api.json("GET", "/api/v2/silence/" + id, null).get("status").get("state").asText()).isEqualTo("expired");
  }

  @Test
  void statusNeverShowsSecretsAndTheTokenIsRequired() {
    JsonNode status = api.json("GET", "/api/v2/status", null);
    String original = status.get("config").get("original").asText();
    assertThat(original).contains("routing_key: \"<secret>\"", "#ops").doesNotContain("pd-routing-key-123",
        "mail-password", "/slack");
    assertThat(new ApiClient(router.apiUrl(), null).send("GET", "/api/v2/status", null).statusCode()).isEqualTo(401);
    assertThat(new ApiClient(router.apiUrl(), "wrong").send("GET", "/api/v2/alerts", null).statusCode()).isEqualTo(401);
  }

  private static String amtool(String... args) throws Exception {
    Path http = dir.resolve("amtool-http.yml");
    Files.writeString(http, "authorization: {credentials: " + TOKEN + "}\n");
    List<String> command = new ArrayList<>(List.of("/usr/bin/amtool", "--alertmanager.url=" + router.apiUrl(),
        "--http.config.file=" + http));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  @Test
  void amtoolAddsQueriesSilencesAndExpires() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/amtool")),
        "amtool not installed (package prometheus-alertmanager); skipping the amtool client test");
    amtool("alert", "add", "alertname=AmtoolTest", "service=api", "--annotation=summary=from amtool");
    await().atMost(Duration.ofSeconds(60)).until(() -> amtool("alert", "query", "alertname=AmtoolTest")
        .contains("from amtool"));
    String id = amtool("silence", "add", "alertname=AmtoolTest", "--comment=maintenance", "--duration=1h")
        .lines().filter(l -> l.matches("[0-9a-f-]{36}")).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(60)).until(() -> amtool("alert", "query", "-s", "alertname=AmtoolTest")
        .contains("suppressed"));
    assertThat(amtool("silence", "query")).contains(id, "maintenance");
    // amtool reads the (redacted) config from /api/v2/status and routes the labels itself
    assertThat(amtool("config", "routes", "test", "alertname=PagerTest").lines()
        .filter(l -> !l.startsWith("Warning:"))).containsExactly("pager");
    assertThat(amtool("config", "routes", "test", "alertname=Other").lines()
        .filter(l -> !l.startsWith("Warning:"))).containsExactly("hook");
    amtool("silence", "expire", id);
    await().atMost(Duration.ofSeconds(60)).until(() -> amtool("silence", "query", "--expired").contains(id));
  }

  @Test
  void groupsReceiversWrongMethodsProbesAndUnknownSilences() {
    post("GroupsTest", Map.of("service", "a"), null);
    post("GroupsTest", Map.of("service", "b"), null);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.json("GET",
        "/api/v2/alerts/groups?filter=alertname%3D%22GroupsTest%22", null).path(0).path("alerts").size() == 2);
    JsonNode groups = api.json("GET", "/api/v2/alerts/groups?filter=alertname%3D%22GroupsTest%22", null);
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).get("labels").toString()).isEqualTo("{\"alertname\":\"GroupsTest\"}");
    assertThat(groups.get(0).get("receiver").get("name").asText()).isEqualTo("hook");
    assertThat(groups.get(0).get("alerts").get(0).get("labels").get("service").asText()).isEqualTo("a");
    assertThat(api.json("GET", "/api/v2/alerts?receiver=hoo.&filter=alertname%3D%22GroupsTest%22", null)).hasSize(2);
    assertThat(api.json("GET", "/api/v2/alerts?receiver=slack&filter=alertname%3D%22GroupsTest%22", null)).isEmpty();
    assertThat(api.json("GET", "/api/v2/alerts?unprocessed=false&filter=alertname%3D%22GroupsTest%22", null))
        .hasSize(2);
    assertThat(api.json("GET", "/api/v2/receivers", null).findValuesAsText("name"))
        .containsExactly("dead", "flaky", "hook", "mail", "pager", "slack", "throttled");

    assertThat(api.send("DELETE", "/api/v2/alerts", null).statusCode()).isEqualTo(405);
    assertThat(api.send("PUT", "/api/v2/silences", "{}").statusCode()).isEqualTo(405);
    assertThat(api.send("GET", "/api/v2/nothing", null).statusCode()).isEqualTo(404);
    assertThat(api.send("GET", "/api/v2/alerts?active=maybe", null).statusCode()).isEqualTo(400);
    var unknown = api.send("POST", "/api/v2/silences", """
        {"id":"00000000-0000-0000-0000-000000000000","matchers":[{"name":"a","value":"b","isRegex":false}],
         "startsAt":"2026-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z","createdBy":"it","comment":"x"}""");
    assertThat(unknown.statusCode()).isEqualTo(404);
    ApiClient anonymous = new ApiClient(router.apiUrl(), null);
    assertThat(anonymous.send("GET", "/-/healthy", null).statusCode()).isEqualTo(200);
    assertThat(anonymous.send("GET", "/-/ready", null).statusCode()).isEqualTo(200);
    assertThat(anonymous.send("HEAD", "/-/ready", null).statusCode()).isEqualTo(200);
    assertThat(anonymous.send("POST", "/-/ready", null).statusCode()).isEqualTo(405);
    assertThat(anonymous.send("GET", "/api/v2/receivers", null).statusCode()).isEqualTo(401);
  }

  @Test
  void silenceUpdatedInPlaceWhileMatchersStayAndReplacedWhenTheyChange() {
    String body = """
        {%s"matchers":[{"name":"alertname","value":"%s","isRegex":false,"isEqual":true}],
         "startsAt":"2026-01-01T00:00:00Z","endsAt":"%s","createdBy":"it","comment":"c"}""";
    String id = api.json("POST", "/api/v2/silences", body.formatted("", "UpdateTest", "2099-01-01T00:00:00Z"))
        .get("silenceID").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> api.send("GET", "/api/v2/silence/" + id, null).statusCode() == 200);
    String startsAt = api.json("GET", "/api/v2/silence/" + id, null).get("startsAt").asText();
    String same = api.json("POST", "/api/v2/silences", body.formatted("\"id\":\"" + id + "\",", "UpdateTest",
        "2098-01-01T00:00:00Z").replace("2026-01-01T00:00:00Z", startsAt)).get("silenceID").asText();
    assertThat(same).isEqualTo(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.json("GET", "/api/v2/silence/" + id, null)
        .get("endsAt").asText().startsWith("2098"));
    String replaced = api.json("POST", "/api/v2/silences", body.formatted("\"id\":\"" + id + "\",", "Other",
        "2098-01-01T00:00:00Z")).get("silenceID").asText();
    assertThat(replaced).isNotEqualTo(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.json("GET", "/api/v2/silence/" + id, null)
        .get("status").get("state").asText().equals("expired"));
  }

  @Test
  void invalidAlertsAreRefusedNamingTheField() {
    var response = api.send("POST", "/api/v2/alerts", "[{\"labels\":{\"bad-name\":\"x\"}}]");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("alerts[0].labels: invalid label name 'bad-name'");
  }
}

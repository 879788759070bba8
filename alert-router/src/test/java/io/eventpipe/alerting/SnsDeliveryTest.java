package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.AlertmanagerConfigLoader;
import io.eventpipe.alerting.notify.DeliveryException;
import io.eventpipe.alerting.notify.Integration;
import io.eventpipe.alerting.notify.Integrations;
import io.eventpipe.alerting.notify.SigV4;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sns_configs delivered through Integrations.of to a local server: the signed Publish form 0.25 sends. */
class SnsDeliveryTest {
  private static final SigV4.Credentials KEYS = new SigV4.Credentials("AKIDEXAMPLE",
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

  private static Integration integration(String item) {
    String yaml = "route: {receiver: wx}\nreceivers:\n- name: wx\n  sns_configs:\n  - sigv4: {region: us-east-1, "
        + "access_key: AKIDEXAMPLE, secret_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}\n" + item;
    AlertmanagerConfig c = AlertmanagerConfigLoader.parse(yaml, Path.of("."), Map.<String, String>of()::get);
    return Integrations.of(c.receivers().get("wx").integrations().get(0), c.templates(), "http://am",
        Duration.ofSeconds(5));
  }

  @Test
  void topicPublishFormHeadersAndSignature() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      integration("    api_url: '" + s.url("/sns") + "'\n    topic_arn: 'arn:aws:sns:us-east-1:1:t.fifo'\n"
          + "    subject: '{{ .Status }} {{ .CommonLabels.alertname }}'\n    message: 'm {{ .CommonAnnotations.summary }}'\n"
          + "    attributes: {zone: 'eu w', '{{ .GroupLabels.alertname }}': '{{ len .Alerts }}'}\n")
          .send(WeChatDeliveryTest.FIRING);
      RecordingServer.Request r = s.all("/sns/").get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
      assertThat(r.text()).isEqualTo("Action=Publish&Message=m+full+%26+hot"
          + "&MessageAttributes.entry.1.Name=Disk&MessageAttributes.entry.1.Value.DataType=String"
          + "&MessageAttributes.entry.1.Value.StringValue=1&MessageAttributes.entry.2.Name=zone"
          + "&MessageAttributes.entry.2.Value.DataType=String&MessageAttributes.entry.2.Value.StringValue=eu+w"
          + "&MessageDeduplicationId=" + PagerDutyHash.of("{}:{alertname=\"Disk\"}")
          + "&MessageGroupId=" + PagerDutyHash.of("{}:{alertname=\"Disk\"}")
          + "&Subject=firing+Disk&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At.fifo&Version=2010-03-31");
      String auth = r.header("Authorization");
      assertThat(auth).matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/sns/aws4_request, "
          + "SignedHeaders=content-length;content-type;host;x-amz-date, Signature=[0-9a-f]{64}");
      Map<String, String> h = new LinkedHashMap<>();
      h.put("content-length", Integer.toString(r.text().length()));
      h.put("content-type", r.contentType());
      h.put("host", r.header("Host"));
      h.put("x-amz-date", r.header("X-Amz-Date"));
      SigV4.Signed again = SigV4.sign("POST", "/sns/", null, h, r.text().getBytes(StandardCharsets.UTF_8), KEYS,
          "us-east-1", "sns", Instant.from(SigV4.AMZ_DATE.parse(r.header("X-Amz-Date"))));
      assertThat(auth).isEqualTo(again.authorization());
    }
  }

  @Test
  void smsMessageCutAt1600BytesWithTheTruncatedAttribute() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      integration("    api_url: '" + s.url("") + "'\n    phone_number: '+1555'\n    message: 'x" + "é".repeat(900)
          + "'\n").send(WeChatDeliveryTest.FIRING);
      String text = s.all("/").get(0).text();
      // 1 + 799 * 2 bytes, then the first byte of the next "é": cut inside it, as Go's byte copy does
      assertThat(text).startsWith("Action=Publish&Message=x" + "%C3%A9".repeat(799) + "%C3&MessageAttributes.entry"
          + ".1.Name=truncated&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value"
          + ".StringValue=true&PhoneNumber=%2B1555&Subject=%5BFIRING%3A1%5D+Disk+");
    }
  }

  @Test
  void noAttributesIsAnEmptyMessageAttributesAndFailuresAreClassified() throws Exception {
    try (RecordingServer s = new RecordingServer()) {
      Integration sns = integration("    api_url: '" + s.url("") + "'\n    target_arn: 'arn:t'\n    message: m\n"
          + "    subject: s\n");
      sns.send(WeChatDeliveryTest.FIRING);
      assertThat(s.all("/").get(0).text()).isEqualTo("Action=Publish&Message=m&MessageAttributes=&Subject=s"
          + "&TargetArn=arn%3At&Version=2010-03-31");
      s.answer("/", 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code>"
          + "</Error></ErrorResponse>");
      assertThatThrownBy(() -> sns.send(WeChatDeliveryTest.FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isFalse());
      s.answer("/", 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
          + "</Error></ErrorResponse>");
      assertThatThrownBy(() -> sns.send(WeChatDeliveryTest.FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue());
      s.answer("/", 503, "text/xml", "<ErrorResponse/>");
      assertThatThrownBy(() -> sns.send(WeChatDeliveryTest.FIRING)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.retryable()).isTrue());
    }
  }

  /** PagerDuty's and SNS FIFO's id: the group key's SHA-256 in hex. */
  static final class PagerDutyHash {
    static String of(String key) throws Exception {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    }
  }
}

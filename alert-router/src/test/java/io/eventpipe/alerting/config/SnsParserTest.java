package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.notify.SnsConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sns_configs load with Alertmanager 0.25's fields, defaults and checks; profile/role_arn are refused. */
class SnsParserTest {
  private static SnsConfig sns(String item) {
    AlertmanagerConfig c = ConfigFixtures.parse("route: {receiver: s}\nreceivers:\n- name: s\n  sns_configs:\n  - {"
        + item + "}\n");
    return (SnsConfig) c.receivers().get("s").integrations().get(0);
  }

  private static void refused(String item, String message) {
    assertThatThrownBy(() -> sns(item)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void fullExampleLoads() {
    SnsConfig s = sns("api_url: 'https://sns.example.com', sigv4: {region: eu-west-1, access_key: AK, "
        + "secret_key: hunter2}, topic_arn: 'arn:aws:sns:eu-west-1:1:t', subject: '{{ .Status }}', message: m, "
        + "attributes: {a: '{{ .Status }}'}, send_resolved: false, http_config: {proxy_url: 'http://p:3128'}");
    assertThat(s.apiUrl()).isEqualTo("https://sns.example.com");
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.accessKey()).isEqualTo("AK");
    assertThat(s.secretKey()).isEqualTo("hunter2");
    assertThat(s.topicArn()).isEqualTo("arn:aws:sns:eu-west-1:1:t");
    assertThat(s.subject()).isEqualTo("{{ .Status }}");
    assertThat(s.message()).isEqualTo("m");
    assertThat(s.attributes()).isEqualTo(Map.of("a", "{{ .Status }}"));
    assertThat(s.sendResolved()).isFalse();
    assertThat(s.http().proxyUrl()).isEqualTo("http://p:3128");
    assertThat(s.toString()).doesNotContain("hunter2");
  }

  @Test
  void defaults() {
    SnsConfig s = sns("phone_number: '+1555'");
    assertThat(s.subject()).isEqualTo("{{ template \"sns.default.subject\" . }}");
    assertThat(s.message()).isEqualTo("{{ template \"sns.default.message\" . }}");
    assertThat(s.sendResolved()).isTrue();
    assertThat(s.accessKey()).isNull();
    assertThat(s.region()).isEmpty();
    assertThat(s.apiUrl()).isEmpty();
  }

  @Test
  void eachCheckNamesItsField() {
    String p = "config.receivers[0].sns_configs[0]";
    refused("", p + ": must provide either a Target ARN, Topic ARN, or Phone Number");
    refused("topic_arn: t, phone_number: '1'", p + ": must provide either a Target ARN");
    refused("topic_arn: t, sigv4: {access_key: AK}", p + ".sigv4: must provide a AWS SigV4 Access key and Secret Key");
    refused("topic_arn: t, sigv4: {secret_key: S}", p + ".sigv4: must provide a AWS SigV4 Access key and Secret Key");
    refused("topic_arn: t, sigv4: {profile: prod}", p + ".sigv4.profile: not supported by the alert router");
    refused("topic_arn: t, sigv4: {role_arn: 'arn:r'}", p + ".sigv4.role_arn: not supported by the alert router");
    refused("topic_arn: t, sigv4: {regoin: x}", p + ".sigv4.regoin: unknown field");
    refused("topic_arn: '{{ nosuchfn }}'", p + ".topic_arn");
    refused("topic_arn: t, message: '{{ nosuchfn }}'", p + ".message");
    refused("topic_arn: t, attributes: {k: '{{ nosuchfn }}'}", p + ".attributes.k");
    refused("topic_arn: t, api_url: '{{ nosuchfn }}'", p + ".api_url");
  }
}

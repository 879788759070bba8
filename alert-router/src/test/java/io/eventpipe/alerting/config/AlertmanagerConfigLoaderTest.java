package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.notify.EmailConfig;
import io.eventpipe.alerting.notify.PagerDutyConfig;
import io.eventpipe.alerting.notify.SlackConfig;
import io.eventpipe.alerting.notify.WebhookConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerConfigLoaderTest {
  private static final String RECEIVER = "receivers:\n- name: r\n  webhook_configs: [{url: 'http://x/'}]\n";

  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> ConfigFixtures.parse(yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void appliesAlertmanagerDefaults() {
    AlertmanagerConfig c = ConfigFixtures.parse("route: {receiver: r}\n" + RECEIVER);
    assertThat(c.route().opts().groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.route().opts().groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.route().opts().repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(c.route().opts().groupBy()).isEmpty();
    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(((WebhookConfig) c.receivers().get("r").integrations().get(0)).sendResolved()).isTrue();
  }

  @Test
  void refusesWhatItCannotHonourNamingTheField() {
    refused("route: {receiver: r, mute_time_intervals: [x]}\n" + RECEIVER,
        "config.route.mute_time_intervals[0]: undefined time interval \"x\" used in route");
    refused("route: {receiver: r}\n" + RECEIVER + "  slack_configs: [{api_url: 'http://x', icon_emoj: ':x:'}]\n",
        "config.receivers[0].slack_configs[0].icon_emoj: unknown field");
    refused("route: {receiver: r}\n" + RECEIVER + "  slack_configs: [{api_url: 'http://x', fields: [{title: a, value: b, shrt: true}]}]\n",
        "config.receivers[0].slack_configs[0].fields[0].shrt: unknown field");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {basic_auth: {username: u}, bearer_token: t}}"),
        "config.receivers[0].webhook_configs[0].http_config: at most one of basic_auth");
    refused("route: {receiver: r}\n" + RECEIVER + "  slack_configs: [{api_url: 'http://x', color: '{{ if .X | bogus }}a{{ end }}'}]\n",
        "config.receivers[0].slack_configs[0].color: template: 1: function \"bogus\" not defined");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {oauth2: {client_id: c, token_url: 'http://t/'}, bearer_token: t}}"),
        "config.receivers[0].webhook_configs[0].http_config: at most one of basic_auth, oauth2");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {oauth2: {client_id: c}}}"),
        "config.receivers[0].webhook_configs[0].http_config.oauth2: token_url: required");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {oauth2: {client_id: c, token_url: 'http://t/', scope: [a]}}}"),
        "config.receivers[0].webhook_configs[0].http_config.oauth2.scope: unknown field");
    String hc = "config.receivers[0].webhook_configs[0].http_config.";
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {proxy_url: 'http://p:3128', proxy_from_environment: true}}"),
        hc + "proxy_url: if proxy_from_environment is configured, proxy_url must not be configured");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {no_proxy: internal}}"),
        hc + "no_proxy: if no_proxy is configured, proxy_url must also be configured");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {proxy_connect_header: {Proxy-Authorization: [x]}}}"),
        hc + "proxy_connect_header: if proxy_connect_header is configured, proxy_url or proxy_from_environment");
    refused("route: {receiver: r}\n" + RECEIVER.replace("'http://x/'}", "'http://x/', http_config: {proxy_url: 'http://p:3128', proxy_connect_header: {X-Trace: [x]}}}"),
        hc + "proxy_connect_header.X-Trace: not supported by the alert router");
    refused("route: {receiver: r}\n" + RECEIVER + "  opsgenie_configs: [{api_key: x, teams: y}]\n",
        "config.receivers[0].opsgenie_configs[0].teams: unknown field");
    refused("route: {receiver: r, group_wiat: 1s}\n" + RECEIVER, "config.route.group_wiat: unknown field");
    refused("route: {receiver: nope}\n" + RECEIVER, "config.route.receiver: undefined receiver 'nope'");
    refused("route: {receiver: r, group_wait: 5 minutes}\n" + RECEIVER, "config.route.group_wait: invalid duration");
    refused("route: {receiver: r, routes: [{matchers: ['a=~\"(\"']}]}\n" + RECEIVER,
        "config.route.routes[0].matchers[0]: invalid regex");
    refused("route: {receiver: r, matchers: ['a=b']}\n" + RECEIVER, "root route must not have any matchers");
    refused("route: {receiver: r, group_by: ['...', a]}\n" + RECEIVER, "group_by");
    refused("route: {receiver: r}\nreceivers:\n- name: r\n  webhook_configs: [{}]\n",
        "config.receivers[0].webhook_configs[0].url: missing");
    refused("route: {receiver: r}\nreceivers:\n- name: r\n  slack_configs: [{api_url: 'http://x', title: '{{ .X | bogus }}'}]\n",
        "config.receivers[0].slack_configs[0].title: template: 1: function \"bogus\" not defined");
  }

  @Test
  void leavesOutIntegrationsWhoseSecretsComeFromUnsetEnvironment() {
    AlertmanagerConfig c = ConfigFixtures.parse("""
        route: {receiver: r}
        receivers:
        - name: r
          console_configs: [{}]
          slack_configs: [{api_url: '${SLACK_URL_UNSET}'}]
          pagerduty_configs: [{routing_key: '${PD_KEY_UNSET}'}]
          webhook_configs: [{url: '${HOOK_URL}'}]
        """);
    assertThat(c.receivers().get("r").integrations()).extracting(i -> i.type()).containsExactly("console", "webhook");
  }

  @Test
  void readsSecretsFromFilesAndGlobalsAndNeverPrintsThem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("key"), "pd-secret-key\n");
    Files.writeString(dir.resolve("pw"), "smtp-pw");
    AlertmanagerConfig c = AlertmanagerConfigLoader.parse("""
        global:
          smtp_smarthost: 'localhost:25'
          smtp_from: 'am@example.org'
          smtp_auth_username: u
          smtp_auth_password_file: pw
          slack_api_url: 'https://hooks.slack.test/T0'
        route: {receiver: r}
        receivers:
        - name: r
          pagerduty_configs: [{routing_key_file: key, severity: critical}]
          email_configs: [{to: 'ops@example.org', require_tls: false}]
          slack_configs: [{channel: '#ops'}]
        """, dir, Map.<String, String>of()::get);
    var integrations = c.receivers().get("r").integrations();
    PagerDutyConfig pd = (PagerDutyConfig) integrations.get(0);
    EmailConfig email = (EmailConfig) integrations.get(1);
    SlackConfig slack = (SlackConfig) integrations.get(2);
    assertThat(pd.routingKey()).isEqualTo("pd-secret-key");
    assertThat(pd.url()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
    assertThat(email.authPassword()).isEqualTo("smtp-pw");
    assertThat(email.from()).isEqualTo("am@example.org");
    assertThat(email.sendResolved()).isFalse();
    assertThat(slack.apiUrl()).isEqualTo("https://hooks.slack.test/T0");
    assertThat(integrations.toString()).doesNotContain("pd-secret-key", "smtp-pw", "hooks.slack.test");
  }

  @Test
  void loadsInhibitRulesInBothSyntaxes() {
    AlertmanagerConfig c = ConfigFixtures.parse("route: {receiver: r}\n" + RECEIVER + """
        inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity="warning"']
          equal: [alertname]
        - source_match: {alertname: APIDown}
          target_match_re: {alertname: "High.*"}
        """);
    assertThat(c.inhibitRules()).hasSize(2);
    assertThat(c.inhibitRules().get(1).target().matches(Map.of("alertname", "HighLatency"))).isTrue();
  }
}

package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.notify.OpsGenieConfig;
import io.eventpipe.alerting.notify.PushoverConfig;
import io.eventpipe.alerting.notify.VictorOpsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** opsgenie_configs, victorops_configs and pushover_configs load with 0.25's fields, defaults and checks. */
class OpsGenieVictorOpsPushoverParserTest {
  private static final String HEAD = "route: {receiver: r}\nreceivers:\n- name: r\n";

  private static Object only(String yaml) {
    return ConfigFixtures.parse(HEAD + yaml).receivers().get("r").integrations().get(0);
  }

  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> ConfigFixtures.parse(yaml.startsWith("global") ? yaml : HEAD + yaml))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void fullOpsGenieLoadsAndDefaultsApply() {
    OpsGenieConfig c = (OpsGenieConfig) only("""
          opsgenie_configs:
          - api_key: k
            api_url: 'https://og.example/api'
            message: m
            description: d
            source: s
            details: {a: '{{ .Status }}'}
            entity: e
            responders: [{id: '1', type: schedule}, {name: x, type: Teams}, {username: u, type: '{{ .Status }}'}]
            actions: a1
            tags: t1,t2
            note: n
            priority: P1
            update_alerts: true
            send_resolved: false
            http_config: {proxy_url: 'http://proxy:3128'}
        """);
    assertThat(c.apiUrl()).isEqualTo("https://og.example/api/");
    assertThat(c.apiKey()).isEqualTo("k");
    assertThat(c.details()).isEqualTo(Map.of("a", "{{ .Status }}"));
    assertThat(c.responders()).extracting(OpsGenieConfig.Responder::type).containsExactly("schedule", "Teams",
        "{{ .Status }}");
    assertThat(c.updateAlerts()).isTrue();
    assertThat(c.sendResolved()).isFalse();
    assertThat(c.http().proxyUrl()).isEqualTo("http://proxy:3128");
    OpsGenieConfig d = (OpsGenieConfig) only("  opsgenie_configs: [{api_key: k}]\n");
    assertThat(d.apiUrl()).isEqualTo("https://api.opsgenie.com/");
    assertThat(d.message()).isEqualTo("{{ template \"opsgenie.default.message\" . }}");
    assertThat(d.description()).isEqualTo("{{ template \"opsgenie.default.description\" . }}");
    assertThat(d.source()).isEqualTo("{{ template \"opsgenie.default.source\" . }}");
    assertThat(d.sendResolved()).isTrue();
    assertThat(d.updateAlerts()).isFalse();
    OpsGenieConfig g = (OpsGenieConfig) ConfigFixtures.parse("global: {opsgenie_api_key_file: key.txt, "
        + "opsgenie_api_url: 'http://og.local'}\n" + HEAD + "  opsgenie_configs: [{}]\n").receivers().get("r")
        .integrations().get(0);
    assertThat(g.apiKey()).isNull();
    assertThat(g.apiKeyFile()).isEqualTo(Path.of(".").resolve("key.txt").toString());
    assertThat(g.apiUrl()).isEqualTo("http://og.local/");
  }

  @Test
  void opsGenieChecksNameTheField() {
    String p = "config.receivers[0].opsgenie_configs[0]";
    refused("  opsgenie_configs: [{}]\n", p + ".api_key: missing (no global OpsGenie API Key set");
    refused("  opsgenie_configs: [{api_key: k, api_key_file: f}]\n", p + ": at most one of api_key & api_key_file");
    refused("global: {opsgenie_api_key: k, opsgenie_api_key_file: f}\n" + HEAD + "  opsgenie_configs: [{}]\n",
        "at most one of opsgenie_api_key & opsgenie_api_key_file");
    refused("  opsgenie_configs: [{api_key: k, api_url: 'ftp://x/'}]\n", p + ".api_url: unsupported scheme \"ftp\"");
    refused("  opsgenie_configs: [{api_key: k, responders: [{type: team}]}]\n",
        p + ".responders[0]: has to have at least one of id, username or name specified");
    refused("  opsgenie_configs: [{api_key: k, responders: [{name: x, type: group}]}]\n",
        p + ".responders[0].type: 'group' does not match valid options");
    refused("  opsgenie_configs: [{api_key: k, responders: [{name: x}]}]\n", p + ".responders[0].type: ''");
    refused("  opsgenie_configs: [{api_key: k, responders: [{name: x, type: '{{ bogus }}'}]}]\n",
        p + ".responders[0].type: template");
    refused("  opsgenie_configs: [{api_key: k, details: {a: '{{ bogus }}'}}]\n", p + ".details.a: template");
    refused("  opsgenie_configs: [{api_key: k, tags: '{{ bogus }}'}]\n", p + ".tags: template");
    refused("  opsgenie_configs: [{api_key: '{{ bogus }}'}]\n", p + ".api_key: template");
    refused("  opsgenie_configs: [{api_key: k, teams: x}]\n", p + ".teams: unknown field");
  }

  @Test
  void fullVictorOpsLoadsAndDefaultsApply() {
    VictorOpsConfig c = (VictorOpsConfig) only("""
          victorops_configs:
          - api_key: k
            api_url: 'https://vo.example/alert'
            routing_key: '{{ .CommonLabels.team }}'
            message_type: INFO
            entity_display_name: e
            state_message: s
            monitoring_tool: m
            custom_fields: {f: '{{ .Status }}'}
            send_resolved: false
            http_config: {proxy_url: 'http://proxy:3128'}
        """);
    assertThat(c.apiUrl()).isEqualTo("https://vo.example/alert/");
    assertThat(c.customFields()).isEqualTo(Map.of("f", "{{ .Status }}"));
    assertThat(c.messageType()).isEqualTo("INFO");
    assertThat(c.sendResolved()).isFalse();
    VictorOpsConfig d = (VictorOpsConfig) ConfigFixtures.parse("global: {victorops_api_key: gk}\n" + HEAD
        + "  victorops_configs: [{routing_key: rk}]\n").receivers().get("r").integrations().get(0);
    assertThat(d.apiKey()).isEqualTo("gk");
    assertThat(d.apiUrl()).isEqualTo("https://alert.victorops.com/integrations/generic/20131114/alert/");
    assertThat(d.messageType()).isEqualTo("CRITICAL");
    assertThat(d.stateMessage()).isEqualTo("{{ template \"victorops.default.state_message\" . }}");
    assertThat(d.entityDisplayName()).isEqualTo("{{ template \"victorops.default.entity_display_name\" . }}");
    assertThat(d.monitoringTool()).isEqualTo("{{ template \"victorops.default.monitoring_tool\" . }}");
    assertThat(d.sendResolved()).isTrue();
    assertThat(d.toString()).doesNotContain("gk");
  }

  @Test
  void victorOpsChecksNameTheField() {
    String p = "config.receivers[0].victorops_configs[0]";
    refused("  victorops_configs: [{api_key: k}]\n", p + ".routing_key: missing Routing key in VictorOps config");
    refused("  victorops_configs: [{routing_key: rk}]\n", p + ".api_key: missing (no global VictorOps API Key set)");
    refused("  victorops_configs: [{routing_key: rk, api_key: k, api_key_file: f}]\n",
        p + ": at most one of api_key & api_key_file");
    refused("global: {victorops_api_key: k, victorops_api_key_file: f}\n" + HEAD
        + "  victorops_configs: [{routing_key: rk}]\n", "at most one of victorops_api_key & victorops_api_key_file");
    for (String reserved : List.of("routing_key", "message_type", "state_message", "entity_display_name",
        "monitoring_tool", "entity_id", "entity_state")) {
      refused("  victorops_configs: [{routing_key: rk, api_key: k, custom_fields: {" + reserved + ": x}}]\n",
          p + ".custom_fields." + reserved + ": victorOps config contains custom field " + reserved);
    }
    refused("  victorops_configs: [{routing_key: '{{ bogus }}', api_key: k}]\n", p + ".routing_key: template");
    refused("  victorops_configs: [{routing_key: rk, api_key: k, custom_fields: {a: '{{ bogus }}'}}]\n",
        p + ".custom_fields.a: template");
    refused("  victorops_configs: [{routing_key: rk, api_key: k, api_url: 'http:///x'}]\n",
        p + ".api_url: missing host for URL");
    refused("  victorops_configs: [{routing_key: rk, api_key: k, entity: x}]\n", p + ".entity: unknown field");
  }

  @Test
  void fullPushoverLoadsAndDefaultsApply() {
    PushoverConfig c = (PushoverConfig) only("""
          pushover_configs:
          - user_key: u
            token: t
            title: ti
            message: me
            url: 'http://x'
            url_title: ut
            sound: so
            priority: '1'
            retry: 30s
            expire: 2h
            html: true
            send_resolved: false
            http_config: {proxy_url: 'http://proxy:3128'}
        """);
    assertThat(c.retry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.expire()).isEqualTo(Duration.ofHours(2));
    assertThat(c.html()).isTrue();
    assertThat(c.sendResolved()).isFalse();
    assertThat(c.apiUrl()).isEqualTo(PushoverConfig.API_URL);
    PushoverConfig d = (PushoverConfig) only("  pushover_configs: [{user_key: u, token: t}]\n");
    assertThat(d.title()).isEqualTo("{{ template \"pushover.default.title\" . }}");
    assertThat(d.message()).isEqualTo("{{ template \"pushover.default.message\" . }}");
    assertThat(d.url()).isEqualTo("{{ template \"pushover.default.url\" . }}");
    assertThat(d.priority()).isEqualTo("{{ if eq .Status \"firing\" }}2{{ else }}0{{ end }}");
    assertThat(d.retry()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.expire()).isEqualTo(Duration.ofHours(1));
    assertThat(d.html()).isFalse();
    assertThat(d.sendResolved()).isTrue();
  }

  @Test
  void pushoverChecksNameTheField() {
    String p = "config.receivers[0].pushover_configs[0]";
    refused("  pushover_configs: [{token: t}]\n", p + ".user_key: missing user key in Pushover config");
    refused("  pushover_configs: [{user_key: u}]\n", p + ".token: missing token in Pushover config");
    refused("  pushover_configs: [{user_key: u, token: t, retry: soon}]\n", p + ".retry: invalid duration");
    refused("  pushover_configs: [{user_key: u, token: t, title: '{{ bogus }}'}]\n", p + ".title: template");
    refused("  pushover_configs: [{user_key: u, token: t, html: yes please}]\n", p + ".html: expected true or false");
    // 0.25 has no user_key_file / token_file (0.26 added them)
    refused("  pushover_configs: [{user_key_file: f, token: t}]\n", p + ".user_key_file: unknown field");
    refused("  pushover_configs: [{user_key: u, token_file: f}]\n", p + ".token_file: unknown field");
  }
}

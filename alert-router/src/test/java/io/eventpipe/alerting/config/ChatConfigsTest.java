package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.notify.DiscordConfig;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.MSTeamsConfig;
import io.eventpipe.alerting.notify.TelegramConfig;
import io.eventpipe.alerting.notify.WebexConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** telegram_configs, discord_configs, webex_configs (Alertmanager 0.25) and msteams_configs (0.26) load and check. */
class ChatConfigsTest {
  private static final String ROUTE = "route: {receiver: r}\n";

  private static List<IntegrationConfig> load(String yaml) {
    return ConfigFixtures.parse(yaml).receivers().get("r").integrations();
  }

  private static void refused(String receiver, String message) {
    assertThatThrownBy(() -> ConfigFixtures.parse(ROUTE + "receivers:\n- name: r\n" + receiver))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void fullExamplesLoadWithAlertmanagersDefaults() {
    List<IntegrationConfig> list = load(ROUTE + """
        receivers:
        - name: r
          telegram_configs:
          - {bot_token: '123:ABC', chat_id: -1001}
          - {api_url: 'http://tg.local:8080', bot_token: t, chat_id: 7, message: '{{ .Status }}', parse_mode: MarkdownV2,
             disable_notifications: true, send_resolved: false, http_config: {proxy_url: 'http://proxy:3128'}}
          discord_configs:
          - {webhook_url: 'https://discord.com/api/webhooks/1/x'}
          - {webhook_url: 'https://discord.com/api/webhooks/2/y', title: T, message: M, send_resolved: false}
          webex_configs:
          - {room_id: room1, http_config: {authorization: {credentials: tok}}}
          msteams_configs:
          - {webhook_url: 'https://example.webhook.office.com/webhookb2/x', title: T, text: X}
        """);
    assertThat(list.get(0)).isEqualTo(new TelegramConfig("https://api.telegram.org", "123:ABC", -1001,
        "{{ template \"telegram.default.message\" . }}", false, "HTML", true, ((TelegramConfig) list.get(0)).http()));
    TelegramConfig own = (TelegramConfig) list.get(1);
    assertThat(own.apiUrl()).isEqualTo("http://tg.local:8080");
    assertThat(own.parseMode()).isEqualTo("MarkdownV2");
    assertThat(own.disableNotifications()).isTrue();
    assertThat(own.sendResolved()).isFalse();
    assertThat(own.http().proxyUrl()).isEqualTo("http://proxy:3128");
    assertThat(own.toString()).doesNotContain("t,").contains("botToken=<secret>");
    DiscordConfig discord = (DiscordConfig) list.get(2);
    assertThat(discord.title()).isEqualTo("{{ template \"discord.default.title\" . }}");
    assertThat(discord.message()).isEqualTo("{{ template \"discord.default.message\" . }}");
    assertThat(discord.sendResolved()).isTrue();
    assertThat(discord.toString()).doesNotContain("webhooks");
    assertThat(((DiscordConfig) list.get(3)).sendResolved()).isFalse();
    WebexConfig webex = (WebexConfig) list.get(4);
    assertThat(webex.apiUrl()).isEqualTo("https://webexapis.com/v1/messages");
    assertThat(webex.message()).isEqualTo("{{ template \"webex.default.message\" . }}");
    assertThat(webex.roomId()).isEqualTo("room1");
    assertThat(webex.toString()).doesNotContain("tok");
    MSTeamsConfig teams = (MSTeamsConfig) list.get(5);
    assertThat(teams.title()).isEqualTo("T");
    assertThat(teams.text()).isEqualTo("X");
    assertThat(teams.sendResolved()).isTrue();
    assertThat(load(ROUTE + "receivers:\n- name: r\n  msteams_configs: [{webhook_url: 'http://t/'}]\n").get(0))
        .extracting(c -> ((MSTeamsConfig) c).text()).isEqualTo("{{ template \"msteams.default.text\" . }}");
  }

  @Test
  void globalApiUrlsAreTheDefaults() {
    List<IntegrationConfig> list = load(ROUTE + """
        global: {telegram_api_url: 'http://tg.internal', webex_api_url: 'http://webex.internal/v1/messages'}
        receivers:
        - name: r
          telegram_configs: [{bot_token: t, chat_id: 1}]
          webex_configs: [{room_id: x, http_config: {authorization: {type: Bearer, credentials: c}}}]
        """);
    assertThat(((TelegramConfig) list.get(0)).apiUrl()).isEqualTo("http://tg.internal");
    assertThat(((WebexConfig) list.get(1)).apiUrl()).isEqualTo("http://webex.internal/v1/messages");
  }

  @Test
  void refusesWhatAlertmanagerRefusesNamingTheField() {
    String at = "config.receivers[0].";
    refused("  telegram_configs: [{chat_id: 1}]\n", at + "telegram_configs[0].bot_token: missing");
    refused("  telegram_configs: [{bot_token: t}]\n", at + "telegram_configs[0].chat_id: missing");
    refused("  telegram_configs: [{bot_token: t, chat_id: '@chan'}]\n", at + "telegram_configs[0].chat_id: expected an integer");
    refused("  telegram_configs: [{bot_token: t, chat_id: 1, parse_mode: html}]\n",
        at + "telegram_configs[0].parse_mode: unknown parse_mode 'html'");
    refused("  telegram_configs: [{bot_token: t, chat_id: 1, api_url: 'ftp://x'}]\n",
        at + "telegram_configs[0].api_url: unsupported scheme \"ftp\" for URL");
    refused("  telegram_configs: [{bot_token_file: /t, chat_id: 1}]\n", at + "telegram_configs[0].bot_token_file: unknown field");
    refused("  telegram_configs: [{bot_token: t, chat_id: 1, message: '{{ nope }}'}]\n",
        at + "telegram_configs[0].message: template:");
    refused("  discord_configs: [{title: x}]\n", at + "discord_configs[0].webhook_url: missing");
    refused("  discord_configs: [{webhook_url: 'http:///x'}]\n", at + "discord_configs[0].webhook_url: missing host for URL");
    refused("  discord_configs: [{webhook_url: 'http://d/', title: '{{ .X | bogus }}'}]\n",
        at + "discord_configs[0].title: template: 1: function \"bogus\" not defined");
    refused("  discord_configs: [{webhook_url: 'http://d/', content: x}]\n", at + "discord_configs[0].content: unknown field");
    refused("  webex_configs: [{http_config: {authorization: {credentials: c}}}]\n", at + "webex_configs[0].room_id: missing");
    refused("  webex_configs: [{room_id: r}]\n", at + "webex_configs[0].http_config.authorization: missing");
    refused("  webex_configs: [{room_id: r, http_config: {bearer_token: b}}]\n",
        at + "webex_configs[0].http_config.authorization: missing");
    refused("  webex_configs: [{room_id: r, http_config: {authorization: {credentials: c}}, message: '{{ if }}'}]\n",
        at + "webex_configs[0].message: template:");
    refused("  msteams_configs: [{title: x}]\n", at + "msteams_configs[0].webhook_url: missing");
    refused("  msteams_configs: [{webhook_url: 'http://t/', summary: s}]\n", at + "msteams_configs[0].summary: unknown field");
  }

  @Test
  void webexNeedsItsOwnAuthorizationEvenWithAGlobalHttpConfig() {
    assertThatThrownBy(() -> ConfigFixtures.parse(ROUTE + """
        global: {http_config: {authorization: {credentials: c}}}
        receivers:
        - name: r
          webex_configs: [{room_id: x}]
        """)).hasMessageContaining("config.receivers[0].webex_configs[0].http_config.authorization: missing");
  }
}

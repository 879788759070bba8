package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.notify.WeChatConfig;
import org.junit.jupiter.api.Test;

/** wechat_configs load with Alertmanager 0.25's fields, defaults, global fallbacks and checks. */
class WeChatParserTest {
  private static WeChatConfig wechat(String global, String item) {
    AlertmanagerConfig c = ConfigFixtures.parse("global: {" + global + "}\nroute: {receiver: wx}\nreceivers:\n"
        + "- name: wx\n  wechat_configs:\n  - {" + item + "}\n");
    return (WeChatConfig) c.receivers().get("wx").integrations().get(0);
  }

  private static void refused(String global, String item, String message) {
    assertThatThrownBy(() -> wechat(global, item)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void fullExampleLoads() {
    WeChatConfig w = wechat("", "api_url: 'https://wx.example.com/cgi', api_secret: hunter2, corp_id: corp, "
        + "to_user: '@all', to_party: '2', to_tag: '3', agent_id: '1000002', message: '{{ .Status }}', "
        + "message_type: markdown, send_resolved: true, http_config: {proxy_url: 'http://proxy:3128'}");
    assertThat(w.apiUrl()).isEqualTo("https://wx.example.com/cgi/");
    assertThat(w.apiSecret()).isEqualTo("hunter2");
    assertThat(w.corpId()).isEqualTo("corp");
    assertThat(w.toUser()).isEqualTo("@all");
    assertThat(w.toParty()).isEqualTo("2");
    assertThat(w.toTag()).isEqualTo("3");
    assertThat(w.agentId()).isEqualTo("1000002");
    assertThat(w.message()).isEqualTo("{{ .Status }}");
    assertThat(w.messageType()).isEqualTo("markdown");
    assertThat(w.sendResolved()).isTrue();
    assertThat(w.http().proxyUrl()).isEqualTo("http://proxy:3128");
    assertThat(w.toString()).doesNotContain("hunter2");
  }

  @Test
  void defaultsAndGlobalsAsAlertmanager025() {
    WeChatConfig w = wechat("wechat_api_secret: gsec, wechat_api_corp_id: gcorp", "");
    assertThat(w.apiUrl()).isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/");
    assertThat(w.apiSecret()).isEqualTo("gsec");
    assertThat(w.corpId()).isEqualTo("gcorp");
    assertThat(w.message()).isEqualTo("{{ template \"wechat.default.message\" . }}");
    assertThat(w.toUser()).isEqualTo("{{ template \"wechat.default.to_user\" . }}");
    assertThat(w.toParty()).isEqualTo("{{ template \"wechat.default.to_party\" . }}");
    assertThat(w.toTag()).isEqualTo("{{ template \"wechat.default.to_tag\" . }}");
    assertThat(w.agentId()).isEqualTo("{{ template \"wechat.default.agent_id\" . }}");
    assertThat(w.messageType()).isEqualTo("text");
    assertThat(w.sendResolved()).isFalse();
    assertThat(wechat("wechat_api_url: 'http://127.0.0.1:9/wx', wechat_api_secret: s, wechat_api_corp_id: c", "")
        .apiUrl()).isEqualTo("http://127.0.0.1:9/wx/");
  }

  @Test
  void eachCheckNamesItsField() {
    refused("", "corp_id: c", "config.receivers[0].wechat_configs[0].api_secret: missing");
    refused("", "api_secret: s", "config.receivers[0].wechat_configs[0].corp_id: missing");
    refused("", "api_secret: s, corp_id: c, message_type: html",
        "config.receivers[0].wechat_configs[0].message_type: weChat message type \"html\" does not match");
    refused("", "api_secret: s, corp_id: c, api_url: 'ftp://x/'",
        "config.receivers[0].wechat_configs[0].api_url: unsupported scheme \"ftp\"");
    refused("wechat_api_url: 'http:///x'", "api_secret: s, corp_id: c", "wechat_api_url: missing host");
    refused("", "api_secret: s, corp_id: c, message: '{{ nosuchfn }}'",
        "config.receivers[0].wechat_configs[0].message");
    refused("", "api_secret: '{{ nosuchfn }}', corp_id: c", "config.receivers[0].wechat_configs[0].api_secret");
    refused("", "api_secret: s, corp_id: c, api_secret_file: /x", "api_secret_file: unknown field");
  }
}

package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.HttpClientConfig;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.WebexConfig;
import java.util.Set;

/**
 * Reads {@code webex_configs} with Alertmanager 0.25's fields, defaults (global {@code webex_api_url},
 * {@code webex.default.message}) and the checks of its {@code WebexConfig.UnmarshalYAML}: a room id and the
 * entry's own {@code http_config.authorization} (checked before the global http_config would apply).
 */
final class WebexParser {
  static final String DEFAULT_API_URL = "https://webexapis.com/v1/messages";

  private WebexParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_url", "room_id", "message", "send_resolved", "http_config"));
    String roomId = c.text("room_id", "");
    if (roomId.isEmpty()) {
      throw new IllegalArgumentException(c.path + ".room_id: missing");
    }
    if (!c.has("http_config") || !c.child("http_config").has("authorization")) {
      throw new IllegalArgumentException(c.path + ".http_config.authorization: missing (webex needs the bot's "
          + "access token here)");
    }
    HttpClientConfig http = p.http(c);
    String apiUrl = c.has("api_url") ? TelegramParser.url(c.path + ".api_url", c.text("api_url", ""))
        : TelegramParser.url(p.global.path + ".webex_api_url", p.global.text("webex_api_url", DEFAULT_API_URL));
    return new WebexConfig(apiUrl, roomId,
        p.template(c, "message", IntegrationParser.defaultTemplate("webex.default.message")),
        c.bool("send_resolved", true), http);
  }
}

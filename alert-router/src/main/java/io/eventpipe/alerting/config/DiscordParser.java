package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.DiscordConfig;
import io.eventpipe.alerting.notify.IntegrationConfig;
import java.util.Set;

/**
 * Reads {@code discord_configs} with Alertmanager 0.25's fields (a {@code webhook_url} and no {@code _file}: 0.26
 * added it), its {@code discord.default.*} templates and its check that the webhook URL is set.
 */
final class DiscordParser {
  private DiscordParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("webhook_url", "title", "message", "send_resolved", "http_config"));
    String url = p.required(c, "webhook_url");
    if (url == null) {
      return null;
    }
    return new DiscordConfig(TelegramParser.url(c.path + ".webhook_url", url),
        p.template(c, "title", IntegrationParser.defaultTemplate("discord.default.title")),
        p.template(c, "message", IntegrationParser.defaultTemplate("discord.default.message")),
        c.bool("send_resolved", true), p.http(c));
  }
}

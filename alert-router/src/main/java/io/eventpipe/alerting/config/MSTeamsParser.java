package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.MSTeamsConfig;
import java.util.Set;

/**
 * Reads {@code msteams_configs}, which Alertmanager 0.25 lacks, with 0.26's fields (webhook_url, title, text; no
 * {@code _file} nor summary, which came in later releases) and its {@code msteams.default.*} templates.
 */
final class MSTeamsParser {
  private MSTeamsParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("webhook_url", "title", "text", "send_resolved", "http_config"));
    String url = p.required(c, "webhook_url");
    if (url == null) {
      return null;
    }
    return new MSTeamsConfig(TelegramParser.url(c.path + ".webhook_url", url),
        p.template(c, "title", IntegrationParser.defaultTemplate("msteams.default.title")),
        p.template(c, "text", IntegrationParser.defaultTemplate("msteams.default.text")),
        c.bool("send_resolved", true), p.http(c));
  }
}

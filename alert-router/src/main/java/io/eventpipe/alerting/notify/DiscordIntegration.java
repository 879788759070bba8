package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts the webhook message Alertmanager 0.25's discord notifier ({@code discord.Notifier.Notify}) sends: an empty
 * {@code content} and one embed with the rendered title and message and a colour by group status. 0.25 truncates
 * neither (the 256/4096 limits came in later releases). Only 5xx and network errors are retried, as its Retrier.
 */
final class DiscordIntegration implements Integration {
  static final int COLOR_RED = 0x992D22;
  static final int COLOR_GREEN = 0x2ECC71;
  private final DiscordConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  DiscordIntegration(DiscordConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    http.postJson(config.webhookUrl(), body(n, Payloads.templateData(n, externalUrl)),
        HttpPost.Retry.SERVER_ERRORS, "discord");
  }

  Map<String, Object> body(Notification n, TemplateData data) {
    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("title", templates.render(config.title(), data));
    embed.put("description", templates.render(config.message(), data));
    // types.Alerts.Status(): firing when any alert fires, else resolved (the grey fallback is unreachable).
    embed.put("color", n.firing() ? COLOR_RED : COLOR_GREEN);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("content", "");
    body.put("embeds", List.of(embed));
    return body;
  }
}

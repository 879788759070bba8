package io.eventpipe.alerting.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts an incoming-webhook message: one attachment with the rendered title and text, coloured "danger" while
 * firing and "good" once resolved (Alertmanager's default colour template).
 */
final class SlackIntegration implements Integration {
  private final SlackConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  SlackIntegration(SlackConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    var data = Payloads.templateData(n, externalUrl);
    String title = templates.render(config.title(), data);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("title", title);
    if (!config.titleLink().isEmpty()) {
      attachment.put("title_link", templates.render(config.titleLink(), data));
    }
    attachment.put("text", templates.render(config.text(), data));
    attachment.put("fallback", title);
    attachment.put("color", n.firing() ? "danger" : "good");
    attachment.put("mrkdwn_in", List.of("fallback", "pretext", "text"));
    Map<String, Object> body = new LinkedHashMap<>();
    if (!config.channel().isEmpty()) {
      body.put("channel", config.channel());
    }
    if (!config.username().isEmpty()) {
      body.put("username", config.username());
    }
    body.put("attachments", List.of(attachment));
    http.postJson(config.apiUrl(), body, "slack");
  }
}

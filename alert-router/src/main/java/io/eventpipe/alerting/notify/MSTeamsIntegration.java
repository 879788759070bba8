package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts the MessageCard Alertmanager 0.26's msteams notifier ({@code msteams.Notifier.Notify}) sends to an incoming
 * webhook: schema context, type, rendered title and text, theme colour by group status. Only 5xx and network
 * errors are retried, as its Retrier.
 */
final class MSTeamsIntegration implements Integration {
  static final String COLOR_RED = "8C1A1A";
  static final String COLOR_GREEN = "2DC72D";
  private final MSTeamsConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  MSTeamsIntegration(MSTeamsConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    http.postJson(config.webhookUrl(), body(n, Payloads.templateData(n, externalUrl)),
        HttpPost.Retry.SERVER_ERRORS, "msteams");
  }

  Map<String, Object> body(Notification n, TemplateData data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@context", "http://schema.org/extensions");
    body.put("type", "MessageCard");
    body.put("title", templates.render(config.title(), data));
    body.put("text", templates.render(config.text(), data));
    body.put("themeColor", n.firing() ? COLOR_RED : COLOR_GREEN);
    return body;
  }
}

package io.eventpipe.alerting.notify;

/** POSTs Alertmanager's webhook payload (version "4") to the configured URL. */
final class WebhookIntegration implements Integration {
  private final WebhookConfig config;
  private final HttpPost http;
  private final String externalUrl;

  WebhookIntegration(WebhookConfig config, HttpPost http, String externalUrl) {
    this.config = config;
    this.http = http;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    http.postJson(config.url(), Payloads.webhook(n, externalUrl, config.maxAlerts()), "webhook");
  }
}

package io.eventpipe.alerting.notify;

/** {@code webhook_configs}: POSTs Alertmanager's version "4" payload; {@code max_alerts} 0 = all. */
public record WebhookConfig(String url, int maxAlerts, boolean sendResolved, HttpClientConfig http)
    implements IntegrationConfig {

  public WebhookConfig(String url, int maxAlerts, boolean sendResolved) {
    this(url, maxAlerts, sendResolved, HttpClientConfig.DEFAULT);
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public String toString() {
    return "WebhookConfig[url=<secret>, maxAlerts=" + maxAlerts + ", sendResolved=" + sendResolved + ", http="
        + http + "]";
  }
}

package io.eventpipe.alerting.notify;

/** {@code webhook_configs}: POSTs Alertmanager's version "4" payload; {@code max_alerts} 0 = all. */
public record WebhookConfig(String url, int maxAlerts, boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public String toString() {
    return "WebhookConfig[url=<secret>, maxAlerts=" + maxAlerts + ", sendResolved=" + sendResolved + "]";
  }
}

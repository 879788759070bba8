package io.eventpipe.alerting.notify;

import java.util.Map;

/** {@code pagerduty_configs} for Events API v2: trigger/resolve keyed by a stable per-group {@code dedup_key}. */
public record PagerDutyConfig(String routingKey, String url, String severity, String description, String client,
    String clientUrl, Map<String, String> details, boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "pagerduty";
  }

  @Override
  public String toString() {
    return "PagerDutyConfig[routingKey=<secret>, url=" + url + "]";
  }
}

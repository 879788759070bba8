package io.eventpipe.alerting.notify;

import java.util.List;
import java.util.Map;

/**
 * {@code pagerduty_configs}: Events API v1 when {@code service_key} is set, else v2 with {@code routing_key}; every
 * text is a template and {@code details} defaults to Alertmanager's firing/resolved/num_* set.
 */
public record PagerDutyConfig(String serviceKey, String routingKey, String url, String client, String clientUrl,
    String description, Map<String, String> details, List<Image> images, List<Link> links, String source,
    String severity, String eventClass, String component, String group, boolean sendResolved,
    HttpClientConfig http) implements IntegrationConfig {

  /** Events API v1's endpoint, which Alertmanager always uses for {@code service_key}. */
  public static final String V1_URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";

  /** An image attached to a v2 event. */
  public record Image(String src, String alt, String href) {}

  /** A link attached to a v2 event. */
  public record Link(String href, String text) {}

  public boolean v1() {
    return serviceKey != null;
  }

  @Override
  public String type() {
    return "pagerduty";
  }

  @Override
  public String toString() {
    return "PagerDutyConfig[" + (v1() ? "serviceKey" : "routingKey") + "=<secret>, url=" + url + "]";
  }
}

package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.PagerDutyConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code pagerduty_configs}: Events API v1 ({@code service_key}) or v2 ({@code routing_key}), Alertmanager
 * 0.25's defaults.
 */
final class PagerDutyParser {
  private static final Map<String, String> PD_DETAILS = Map.of(
      "firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}",
      "resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}",
      "num_firing", "{{ .Alerts.Firing | len }}",
      "num_resolved", "{{ .Alerts.Resolved | len }}");

  private PagerDutyParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("routing_key", "routing_key_file", "service_key", "service_key_file", "url", "client",
        "client_url", "description", "details", "images", "links", "source", "severity", "class", "component",
        "group", "send_resolved", "http_config"));
    boolean v1 = c.has("service_key") || c.has("service_key_file");
    boolean v2 = c.has("routing_key") || c.has("routing_key_file");
    if (!v1 && !v2) {
      throw new IllegalArgumentException(c.path + ": missing service or routing key in PagerDuty config");
    }
    String key = p.required(c, v2 ? "routing_key" : "service_key");
    if (key == null) {
      return null;
    }
    Map<String, String> details = new LinkedHashMap<>();
    c.child("details").fields().forEach((k, v) -> details.put(k, c.expand(v.asText())));
    PD_DETAILS.forEach(details::putIfAbsent);
    details.forEach((k, v) -> p.templates.check(c.path + ".details." + k, v));
    String client = p.template(c, "client", IntegrationParser.defaultTemplate("pagerduty.default.client"));
    List<PagerDutyConfig.Image> images = p.list(c, "images", PagerDutyConfig.Image[].class);
    List<PagerDutyConfig.Link> links = p.list(c, "links", PagerDutyConfig.Link[].class);
    String defaultUrl = v2 ? p.global.text("pagerduty_url", "https://events.pagerduty.com/v2/enqueue")
        : PagerDutyConfig.V1_URL;
    return new PagerDutyConfig(v2 ? null : key, v2 ? key : null, c.text("url", defaultUrl), client,
        p.template(c, "client_url", IntegrationParser.defaultTemplate("pagerduty.default.clientURL")),
        p.template(c, "description", IntegrationParser.defaultTemplate("pagerduty.default.description")), details, images, links,
        p.template(c, "source", client), p.template(c, "severity", "error"), p.template(c, "class", ""),
        p.template(c, "component", ""), p.template(c, "group", ""), c.bool("send_resolved", true), p.http(c));
  }

}

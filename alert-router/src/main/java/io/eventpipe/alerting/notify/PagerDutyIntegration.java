package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events API v1 ({@code service_key}: event_type/incident_key/description/details) or v2 ({@code routing_key}:
 * event_action/dedup_key/payload), each encoded as Alertmanager 0.25 encodes it; the incident/dedup key is the
 * SHA-256 of the group key, so every notification of a group updates the same incident.
 */
final class PagerDutyIntegration implements Integration {
  private static final int MAX_DESCRIPTION = 1024;
  private final PagerDutyConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  PagerDutyIntegration(PagerDutyConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  static String dedupKey(String groupKey) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    http.postJson(config.url(), body(n.groupKey(), Payloads.templateData(n, externalUrl)), "pagerduty");
  }

  Map<String, Object> body(String groupKey, TemplateData data) {
    String event = "resolved".equals(data.status()) ? "resolve" : "trigger";
    Map<String, String> details = new TreeMap<>(); // Go encodes maps sorted by key
    config.details().forEach((k, v) -> details.put(k, render(v, data)));
    Map<String, Object> body = new LinkedHashMap<>();
    if (config.v1()) {
      body.put("service_key", render(config.serviceKey(), data));
      body.put("incident_key", dedupKey(groupKey));
      body.put("event_type", event);
      SlackIntegration.putNonEmpty(body, "description", Payloads.truncate(render(config.description(), data),
          MAX_DESCRIPTION));
      body.put("event_action", "");
      body.put("payload", null);
      if (event.equals("trigger")) {
        SlackIntegration.putNonEmpty(body, "client", render(config.client(), data));
        SlackIntegration.putNonEmpty(body, "client_url", render(config.clientUrl(), data));
      }
      if (!details.isEmpty()) {
        body.put("details", details);
      }
      return body;
    }
    body.put("routing_key", render(config.routingKey(), data));
    body.put("dedup_key", dedupKey(groupKey));
    body.put("event_action", event);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("summary", Payloads.truncate(render(config.description(), data), MAX_DESCRIPTION));
    payload.put("source", render(config.source(), data));
    payload.put("severity", render(config.severity(), data));
    SlackIntegration.putNonEmpty(payload, "class", render(config.eventClass(), data));
    SlackIntegration.putNonEmpty(payload, "component", render(config.component(), data));
    SlackIntegration.putNonEmpty(payload, "group", render(config.group(), data));
    if (!details.isEmpty()) {
      payload.put("custom_details", details);
    }
    body.put("payload", payload);
    SlackIntegration.putNonEmpty(body, "client", render(config.client(), data));
    SlackIntegration.putNonEmpty(body, "client_url", render(config.clientUrl(), data));
    List<Map<String, Object>> images = new ArrayList<>();
    for (PagerDutyConfig.Image i : config.images()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("src", render(i.src(), data));
      SlackIntegration.putNonEmpty(m, "alt", render(i.alt(), data));
      SlackIntegration.putNonEmpty(m, "href", render(i.href(), data));
      if (!m.get("src").toString().isEmpty()) {
        images.add(m);
      }
    }
    List<Map<String, Object>> links = new ArrayList<>();
    for (PagerDutyConfig.Link l : config.links()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("href", render(l.href(), data));
      m.put("text", render(l.text(), data));
      if (!m.get("href").toString().isEmpty()) {
        links.add(m);
      }
    }
    if (!images.isEmpty()) {
      body.put("images", images);
    }
    if (!links.isEmpty()) {
      body.put("links", links);
    }
    return body;
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }
}

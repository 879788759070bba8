package io.eventpipe.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events API v2: "trigger" while the group fires, "resolve" once it is resolved, with {@code dedup_key} the
 * SHA-256 of the group key (as Alertmanager) so every notification of a group updates the same incident.
 */
final class PagerDutyIntegration implements Integration {
  private static final int MAX_SUMMARY = 1024;
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
    var data = Payloads.templateData(n, externalUrl);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("routing_key", config.routingKey());
    body.put("event_action", n.firing() ? "trigger" : "resolve");
    body.put("dedup_key", dedupKey(n.groupKey()));
    if (n.firing()) {
      String summary = templates.render(config.description(), data);
      Map<String, Object> details = new LinkedHashMap<>();
      long firing = n.alerts().stream().filter(a -> a.status().equals("firing")).count();
      details.put("firing", firing);
      details.put("resolved", n.alerts().size() - firing);
      details.put("num_firing", firing);
      details.put("num_resolved", n.alerts().size() - firing);
      config.details().forEach((k, v) -> details.put(k, templates.render(v, data)));
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY - 1) + "…" : summary);
      payload.put("source", config.client());
      payload.put("severity", templates.render(config.severity(), data));
      payload.put("custom_details", details);
      body.put("payload", payload);
      body.put("client", config.client());
      if (!config.clientUrl().isEmpty()) {
        body.put("client_url", templates.render(config.clientUrl(), data));
      }
    }
    http.postJson(config.url(), body, "pagerduty");
  }
}

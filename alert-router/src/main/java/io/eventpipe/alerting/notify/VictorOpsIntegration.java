package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.template.TemplateData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The VictorOps REST endpoint event Alertmanager 0.25's notify/victorops sends (Notify, createVictorOpsPayload):
 * a flat JSON object of message_type (RECOVERY when resolved; CRITICAL when firing with anything but INFO, WARNING,
 * CRITICAL), entity_id (SHA-256 of the group key), entity_display_name, state_message (at most 20480 runes),
 * monitoring_tool and the custom fields. Only 5xx is retried (0.25's Retrier lists no codes), so 429 is final.
 */
final class VictorOpsIntegration implements Integration {
  private static final int MAX_STATE_MESSAGE = 20480;
  private static final Set<String> FIRING_TYPES = Set.of("INFO", "WARNING", "CRITICAL");
  private final VictorOpsConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  VictorOpsIntegration(VictorOpsConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    TemplateData data = Payloads.templateData(n, externalUrl);
    http.send("POST", url(apiKey(), data), "application/json", Json.write(body(n.groupKey(), data)), Map.of(),
        HttpPost.Retry.SERVER_ERRORS, "victorops");
  }

  private String apiKey() throws DeliveryException {
    if (config.apiKey() != null) {
      return config.apiKey();
    }
    try {
      return Files.readString(Path.of(config.apiKeyFile())).strip(); // read per notification, trimmed, as in 0.25
    } catch (IOException e) {
      throw new DeliveryException("victorops: failed to read API key from file: " + e.getMessage(), false, null, e);
    }
  }

  /** {@code api_url} (ending in "/") + api key + "/" + rendered routing key; the key itself is not a template. */
  String url(String apiKey, TemplateData data) {
    return config.apiUrl() + escapePath(apiKey + "/" + render(config.routingKey(), data));
  }

  /**
   * Go's url.EscapedPath for the appended part (0.25 appends to URL.Path and prints the URL): unreserved
   * characters and {@code $&+,/:;=@} stay, everything else (space, ?, #, %, !, *, ...) is %XX-escaped.
   */
  static String escapePath(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  Map<String, String> body(String groupKey, TemplateData data) {
    String type = render(config.messageType(), data);
    if ("resolved".equals(data.status())) {
      type = "RECOVERY";
    } else if (!FIRING_TYPES.contains(type)) {
      type = "CRITICAL";
    }
    Map<String, String> body = new TreeMap<>(); // a Go map[string]string: keys sorted
    body.put("message_type", type);
    body.put("entity_id", PagerDutyIntegration.dedupKey(groupKey));
    body.put("entity_display_name", render(config.entityDisplayName(), data));
    body.put("state_message", Payloads.truncate(render(config.stateMessage(), data), MAX_STATE_MESSAGE));
    body.put("monitoring_tool", render(config.monitoringTool(), data));
    config.customFields().forEach((k, v) -> body.put(k, render(v, data)));
    return body;
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }
}

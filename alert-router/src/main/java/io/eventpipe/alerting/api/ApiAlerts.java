package io.eventpipe.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Intake;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JSON Prometheus posts to {@code /api/v2/alerts} into alerts as Alertmanager does: a missing start is
 * now (or the end), a missing end is now + {@code resolve_timeout} and marks the alert as timing out.
 */
final class ApiAlerts {
  private ApiAlerts() {}

  /** Valid alerts and one message per invalid one (naming its index and field). */
  record Parsed(List<Alert> alerts, List<String> errors) {}

  static Parsed parse(JsonNode body, long now, Duration resolveTimeout) {
    List<Alert> alerts = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    if (body == null || !body.isArray()) {
      errors.add("body: expected a JSON array of alerts");
      return new Parsed(alerts, errors);
    }
    for (int i = 0; i < body.size(); i++) {
      JsonNode a = body.get(i);
      try {
        long startsAt = time(a, "startsAt");
        long endsAt = time(a, "endsAt");
        if (startsAt == 0) {
          startsAt = endsAt == 0 ? now : endsAt;
        }
        boolean timeout = endsAt == 0;
        if (timeout) {
          endsAt = now + resolveTimeout.toMillis();
        }
        Alert alert = new Alert(strings(a, "labels"), strings(a, "annotations"), startsAt, endsAt,
            a.path("generatorURL").asText(""), now, timeout);
        Intake.validate(alert);
        alerts.add(alert);
      } catch (IllegalArgumentException e) {
        errors.add("alerts[" + i + "]." + e.getMessage());
      }
    }
    return new Parsed(alerts, errors);
  }

  private static Map<String, String> strings(JsonNode alert, String field) {
    Map<String, String> out = new TreeMap<>();
    JsonNode node = alert.get(field);
    if (node != null && !node.isNull()) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(field + ": expected an object of strings");
      }
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static long time(JsonNode alert, String field) {
    String text = alert.path(field).asText("");
    if (text.isEmpty()) {
      return 0;
    }
    try {
      long ms = OffsetDateTime.parse(text).toInstant().toEpochMilli();
      return ms <= 0 ? 0 : ms;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": not an RFC 3339 time: " + text);
    }
  }

  static String format(long ms) {
    return Instant.ofEpochMilli(ms).toString();
  }
}

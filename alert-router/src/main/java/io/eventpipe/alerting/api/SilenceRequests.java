package io.eventpipe.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.silence.Silence;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/v2/silences} with Alertmanager's {@code Silences.Set} semantics: no id creates a silence; an id
 * that does not exist is refused (404); a silence with unchanged matchers is updated in place while its state
 * allows the new times (pending: start not in the past; active: same start, end not in the past), otherwise the
 * old one is expired and a new one with a new id replaces it. Also the API's silence JSON.
 */
final class SilenceRequests {
  /** The silence to write and, when one is replaced, the expired old version to write first. */
  record Change(Silence silence, Silence expiredPrevious) {}

  /** Thrown when the request names a silence id that does not exist. */
  static final class NotFound extends RuntimeException {
    NotFound(String id) {
      super("silence " + id + " not found");
    }
  }

  private SilenceRequests() {}

  static Change apply(JsonNode body, List<Silence> existing, long now) {
    String id = body.path("id").asText("");
    List<Silence.SilenceMatcher> matchers = new ArrayList<>();
    for (JsonNode m : body.path("matchers")) {
      matchers.add(new Silence.SilenceMatcher(m.path("name").asText(), m.hasNonNull("value") ? m.get("value").asText()
          : null, m.path("isRegex").asBoolean(false), m.has("isEqual") ? m.get("isEqual").asBoolean() : null));
    }
    long startsAt = time(body, "startsAt");
    long endsAt = time(body, "endsAt");
    String createdBy = body.path("createdBy").asText("");
    String comment = body.path("comment").asText("");
    new Silence(id, matchers, startsAt, endsAt, createdBy, comment, now).validate();
    if (endsAt < now) {
      throw new IllegalArgumentException("endsAt: end time can't be in the past");
    }
    Silence previous = null;
    if (!id.isEmpty()) {
      previous = existing.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> new NotFound(id));
      Silence update = new Silence(id, matchers, startsAt, endsAt, createdBy, comment, now);
      if (canUpdate(previous, update, now)) {
        return new Change(update, null);
      }
    }
    Silence expired = null;
    if (previous != null && !previous.state(now).equals("expired")) {
      expired = new Silence(previous.id(), previous.matchers(), Math.min(previous.startsAt(), now), now,
          previous.createdBy(), previous.comment(), now);
    }
    Silence created = new Silence(UUID.randomUUID().toString(), matchers, Math.max(now, startsAt), endsAt, createdBy,
        comment, now);
    return new Change(created, expired);
  }

  private static boolean canUpdate(Silence a, Silence b, long now) {
    if (!a.toMatchers().toString().equals(b.toMatchers().toString())) {
      return false;
    }
    return switch (a.state(now)) {
      case "active" -> b.startsAt() == a.startsAt() && b.endsAt() >= now;
      case "pending" -> b.startsAt() >= now;
      default -> false;
    };
  }

  private static long time(JsonNode body, String field) {
    try {
      return OffsetDateTime.parse(body.path(field).asText()).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": required RFC 3339 time");
    }
  }

  static Map<String, Object> json(Silence s, long now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("status", Map.of("state", s.state(now)));
    m.put("updatedAt", ApiAlerts.format(s.updatedAt()));
    m.put("comment", s.comment());
    m.put("createdBy", s.createdBy());
    m.put("endsAt", ApiAlerts.format(s.endsAt()));
    m.put("matchers", s.matchers().stream().map(x -> Map.of("name", x.name(), "value", x.value(), "isRegex",
        x.isRegex(), "isEqual", x.isEqual() == null || x.isEqual())).toList());
    m.put("startsAt", ApiAlerts.format(s.startsAt()));
    return m;
  }
}

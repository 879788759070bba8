package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.PushoverConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Reads {@code pushover_configs} with Alertmanager 0.25's fields, defaults ({@code pushover.default.*}, priority 2
 * when firing else 0, retry 1m, expire 1h) and checks (PushoverConfig.UnmarshalYAML). 0.25 has no
 * {@code user_key_file}/{@code token_file} (0.26 added them), so they are refused as unknown fields, as 0.25 does.
 */
final class PushoverParser {
  private static final String PRIORITY = "{{ if eq .Status \"firing\" }}2{{ else }}0{{ end }}";

  private PushoverParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("user_key", "token", "title", "message", "url", "url_title", "sound", "priority", "retry",
        "expire", "html", "send_resolved", "http_config"));
    String userKey = secret(p, c, "user_key", "missing user key in Pushover config");
    String token = secret(p, c, "token", "missing token in Pushover config");
    if (userKey == null || token == null) {
      return null;
    }
    return new PushoverConfig(PushoverConfig.API_URL, userKey, token,
        p.template(c, "title", IntegrationParser.defaultTemplate("pushover.default.title")),
        p.template(c, "message", IntegrationParser.defaultTemplate("pushover.default.message")),
        p.template(c, "url", IntegrationParser.defaultTemplate("pushover.default.url")),
        p.template(c, "url_title", ""), p.template(c, "sound", ""), p.template(c, "priority", PRIORITY),
        duration(c, "retry", Duration.ofMinutes(1)), duration(c, "expire", Duration.ofHours(1)),
        c.bool("html", false), c.bool("send_resolved", true), p.http(c));
  }

  /** A required secret that 0.25 also renders as a template; null (left out) when only from unset ${ENV}. */
  private static String secret(IntegrationParser p, Settings c, String field, String missing) {
    if (!c.has(field)) {
      throw new IllegalArgumentException(c.path + "." + field + ": " + missing);
    }
    String value = p.required(c, field);
    if (value != null) {
      p.templates.check(c.path + "." + field, value);
    }
    return value;
  }

  private static Duration duration(Settings c, String field, Duration fallback) {
    return c.has(field) ? Durations.parse(c.path + "." + field, c.text(field, "")) : fallback;
  }
}

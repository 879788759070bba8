package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.EmailConfig;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.TlsConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code email_configs}: global SMTP defaults, canonical header names, Alertmanager 0.25's default
 * templates.
 */
final class EmailParser {

  private EmailParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("to", "from", "hello", "smarthost", "auth_username", "auth_password", "auth_password_file",
        "auth_secret", "auth_identity", "headers", "html", "text", "require_tls", "tls_config", "send_resolved"));
    String to = c.text("to", null);
    if (to == null || to.isBlank()) {
      if (IntegrationParser.unsetEnv(c, "to")) {
        return null;
      }
      throw new IllegalArgumentException(c.path + ".to: missing to address in email config");
    }
    String smarthost = c.text("smarthost", p.global.text("smtp_smarthost", null));
    if (smarthost == null || smarthost.isBlank()) {
      if (IntegrationParser.unsetEnv(c, "smarthost")
          || (!c.has("smarthost") && IntegrationParser.unsetEnv(p.global, "smtp_smarthost"))) {
        return null;
      }
      throw new IllegalArgumentException(c.path + ".smarthost: no global SMTP smarthost set");
    }
    String from = c.text("from", p.global.text("smtp_from", null));
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException(c.path + ".from: no global mail from address set");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    c.child("headers").fields().forEach((k, v) -> {
      String normal = canonicalHeader(k);
      if (seen.put(normal.toLowerCase(Locale.ROOT), k) != null) {
        throw new IllegalArgumentException(c.path + ".headers: duplicate header \"" + normal + "\" in email config");
      }
      headers.put(normal, c.expand(v.asText()));
    });
    headers.putIfAbsent("Subject", IntegrationParser.defaultTemplate("email.default.subject"));
    headers.putIfAbsent("To", to);
    headers.putIfAbsent("From", from);
    headers.forEach((k, v) -> p.templates.check(c.path + ".headers." + k, v));
    String password = c.has("auth_password") || c.has("auth_password_file") ? c.secret("auth_password", null)
        : p.global.secret("smtp_auth_password", null);
    TlsConfig tls = Binder.bind(c.path + ".tls_config", c.node.get("tls_config"), TlsConfig.class);
    return new EmailConfig(to, from, c.text("hello", p.global.text("smtp_hello", "localhost")), smarthost,
        c.text("auth_username", p.global.text("smtp_auth_username", "")), password,
        c.text("auth_identity", p.global.text("smtp_auth_identity", "")),
        c.has("auth_secret") ? c.secret("auth_secret", null) : p.global.secret("smtp_auth_secret", null), headers,
        p.template(c, "html", IntegrationParser.defaultTemplate("email.default.html")), p.template(c, "text", ""),
        c.bool("require_tls", p.global.bool("smtp_require_tls", true)), tls, c.bool("send_resolved", false));
  }

  /** Go's textproto.CanonicalMIMEHeaderKey: "subject" → "Subject", "x-team-id" → "X-Team-Id". */
  static String canonicalHeader(String key) {
    StringBuilder b = new StringBuilder(key.length());
    boolean upper = true;
    for (char ch : key.toCharArray()) {
      b.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
      upper = ch == '-';
    }
    return b.toString();
  }

}

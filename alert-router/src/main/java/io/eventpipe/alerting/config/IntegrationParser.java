package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.ConsoleConfig;
import io.eventpipe.alerting.notify.EmailConfig;
import io.eventpipe.alerting.notify.FileConfig;
import io.eventpipe.alerting.notify.HttpClientConfig;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.PagerDutyConfig;
import io.eventpipe.alerting.notify.SlackConfig;
import io.eventpipe.alerting.notify.Templates;
import io.eventpipe.alerting.notify.TlsConfig;
import io.eventpipe.alerting.notify.WebhookConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@code *_configs} entry with Alertmanager 0.25's fields, defaults (its default templates) and checks;
 * every templated field is parsed at load so unknown functions are refused there. An integration whose required
 * URL or key comes only from unset {@code ${ENV}} variables is left out (logged).
 */
final class IntegrationParser {
  private static final Logger LOG = LoggerFactory.getLogger(IntegrationParser.class);
  private static final Set<String> NONE = Set.of();
  private static final String SLACK_COLOR = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";
  private static final Map<String, String> PD_DETAILS = Map.of(
      "firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}",
      "resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}",
      "num_firing", "{{ .Alerts.Firing | len }}",
      "num_resolved", "{{ .Alerts.Resolved | len }}");

  private final Settings global;
  private final Templates templates;
  private final Path baseDir;
  private final HttpClientConfig globalHttp;

  IntegrationParser(Settings global, Templates templates, Path baseDir) {
    this.global = global;
    this.templates = templates;
    this.baseDir = baseDir;
    HttpClientConfig http = Binder.bind(global.path + ".http_config", global.node == null ? null
        : global.node.get("http_config"), HttpClientConfig.class);
    this.globalHttp = check(global.path + ".http_config", http == null ? HttpClientConfig.DEFAULT : http);
  }

  private static String defaultTemplate(String name) {
    return "{{ template \"" + name + "\" . }}";
  }

  /** A templated field: the value or the default, parsed now. */
  private String template(Settings c, String field, String fallback) {
    String text = c.text(field, fallback);
    templates.check(c.path + "." + field, text);
    return text;
  }

  private HttpClientConfig http(Settings c) {
    if (!c.has("http_config")) {
      return globalHttp;
    }
    return check(c.path + ".http_config", Binder.bind(c.path + ".http_config", c.node.get("http_config"),
        HttpClientConfig.class));
  }

  private static HttpClientConfig check(String path, HttpClientConfig h) {
    int auths = (h.authorization() != null ? 1 : 0) + (h.basicAuth() != null ? 1 : 0)
        + (h.bearerToken() != null || h.bearerTokenFile() != null ? 1 : 0) + (h.oauth2() != null ? 1 : 0);
    if (auths > 1) {
      throw new IllegalArgumentException(path + ": at most one of basic_auth, oauth2, bearer_token & bearer_token_file, "
          + "authorization must be configured");
    }
    if (h.authorization() != null && "basic".equalsIgnoreCase(h.authorization().type())) {
      throw new IllegalArgumentException(path + ".authorization.type: authorization type cannot be set to "
          + "\"basic\", use \"basic_auth\" instead");
    }
    return h;
  }

  IntegrationConfig parse(String kind, Settings c) {
    return switch (kind) {
      case "webhook_configs" -> webhook(c);
      case "slack_configs" -> slack(c);
      case "pagerduty_configs" -> pagerduty(c);
      case "email_configs" -> email(c);
      case "console_configs" -> {
        c.onlyKnown(Set.of("send_resolved"), NONE);
        yield new ConsoleConfig(c.bool("send_resolved", true));
      }
      case "file_configs" -> {
        c.onlyKnown(Set.of("path", "send_resolved"), NONE);
        String path = c.text("path", "");
        if (path.isBlank()) {
          throw new IllegalArgumentException(c.path + ".path: missing");
        }
        yield new FileConfig(baseDir.resolve(path).toString(), c.bool("send_resolved", true));
      }
      default -> throw new IllegalArgumentException(c.path + ": not supported by the alert router");
    };
  }

  private IntegrationConfig webhook(Settings c) {
    c.onlyKnown(Set.of("url", "url_file", "send_resolved", "max_alerts", "http_config"), NONE);
    String url = required(c, "url");
    if (url == null) {
      return null;
    }
    int maxAlerts = c.has("max_alerts") ? c.node.get("max_alerts").asInt() : 0;
    if (maxAlerts < 0) {
      throw new IllegalArgumentException(c.path + ".max_alerts: must not be negative");
    }
    return new WebhookConfig(url, maxAlerts, c.bool("send_resolved", true), http(c));
  }

  private IntegrationConfig slack(Settings c) {
    c.onlyKnown(Set.of("api_url", "api_url_file", "channel", "username", "color", "title", "title_link", "pretext",
        "text", "fields", "short_fields", "footer", "fallback", "callback_id", "icon_emoji", "icon_url", "image_url",
        "thumb_url", "link_names", "mrkdwn_in", "actions", "send_resolved", "http_config"), NONE);
    boolean own = c.has("api_url") || c.has("api_url_file");
    String url = own ? required(c, "api_url") : global.secret("slack_api_url", null);
    if (url == null) {
      if (own) {
        return null;
      }
      String raw = global.node != null && global.node.hasNonNull("slack_api_url") ? global.node.get("slack_api_url").asText() : "";
      if (raw.contains("${")) {
        LOG.info("{} left out: global.slack_api_url refers to an unset environment variable", c.path);
        return null;
      }
      throw new IllegalArgumentException(c.path + ".api_url: missing (and no global slack_api_url set)");
    }
    List<SlackConfig.Field> fields = list(c, "fields", SlackConfig.Field[].class);
    for (int i = 0; i < fields.size(); i++) {
      SlackConfig.Field f = fields.get(i);
      if (f.title() == null || f.title().isEmpty()) {
        throw new IllegalArgumentException(c.path + ".fields[" + i + "].title: missing title in Slack field configuration");
      }
      if (f.value() == null || f.value().isEmpty()) {
        throw new IllegalArgumentException(c.path + ".fields[" + i + "].value: missing value in Slack field configuration");
      }
      templates.check(c.path + ".fields[" + i + "].title", f.title());
      templates.check(c.path + ".fields[" + i + "].value", f.value());
    }
    List<SlackConfig.Action> actions = list(c, "actions", SlackConfig.Action[].class);
    for (int i = 0; i < actions.size(); i++) {
      SlackConfig.Action a = actions.get(i);
      String at = c.path + ".actions[" + i + "]";
      if (a.type() == null || a.type().isEmpty()) {
        throw new IllegalArgumentException(at + ".type: missing type in Slack action configuration");
      }
      if (a.text() == null || a.text().isEmpty()) {
        throw new IllegalArgumentException(at + ".text: missing text in Slack action configuration");
      }
      if ((a.url() == null || a.url().isEmpty()) && (a.name() == null || a.name().isEmpty())) {
        throw new IllegalArgumentException(at + ": missing name or url in Slack action configuration");
      }
      for (String t : Arrays.asList(a.type(), a.text(), a.url(), a.style(), a.name(), a.value())) {
        if (t != null) {
          templates.check(at, t);
        }
      }
    }
    List<String> mrkdwnIn = c.has("mrkdwn_in") ? list(c, "mrkdwn_in", String[].class) : List.of();
    return new SlackConfig(url, template(c, "channel", ""), template(c, "username",
        defaultTemplate("slack.default.username")), template(c, "color", SLACK_COLOR),
        template(c, "title", defaultTemplate("slack.default.title")),
        template(c, "title_link", defaultTemplate("slack.default.titlelink")),
        template(c, "pretext", defaultTemplate("slack.default.pretext")),
        template(c, "text", defaultTemplate("slack.default.text")), fields, c.bool("short_fields", false),
        template(c, "footer", defaultTemplate("slack.default.footer")),
        template(c, "fallback", defaultTemplate("slack.default.fallback")),
        template(c, "callback_id", defaultTemplate("slack.default.callbackid")),
        template(c, "icon_emoji", defaultTemplate("slack.default.iconemoji")),
        template(c, "icon_url", defaultTemplate("slack.default.iconurl")), template(c, "image_url", ""),
        template(c, "thumb_url", ""), c.bool("link_names", false), mrkdwnIn, actions,
        c.bool("send_resolved", false), http(c));
  }

  private <T> List<T> list(Settings c, String field, Class<T[]> type) {
    T[] items = Binder.bind(c.path + "." + field, c.node == null ? null : c.node.get(field), type);
    return items == null ? List.of() : List.of(items);
  }

  private IntegrationConfig pagerduty(Settings c) {
    c.onlyKnown(Set.of("routing_key", "routing_key_file", "service_key", "service_key_file", "url", "client",
        "client_url", "description", "details", "images", "links", "source", "severity", "class", "component",
        "group", "send_resolved", "http_config"), NONE);
    boolean v1 = c.has("service_key") || c.has("service_key_file");
    boolean v2 = c.has("routing_key") || c.has("routing_key_file");
    if (!v1 && !v2) {
      throw new IllegalArgumentException(c.path + ": missing service or routing key in PagerDuty config");
    }
    String key = required(c, v2 ? "routing_key" : "service_key");
    if (key == null) {
      return null;
    }
    Map<String, String> details = new LinkedHashMap<>();
    c.child("details").fields().forEach((k, v) -> details.put(k, c.expand(v.asText())));
    PD_DETAILS.forEach(details::putIfAbsent);
    details.forEach((k, v) -> templates.check(c.path + ".details." + k, v));
    String client = template(c, "client", defaultTemplate("pagerduty.default.client"));
    List<PagerDutyConfig.Image> images = list(c, "images", PagerDutyConfig.Image[].class);
    List<PagerDutyConfig.Link> links = list(c, "links", PagerDutyConfig.Link[].class);
    String defaultUrl = v2 ? global.text("pagerduty_url", "https://events.pagerduty.com/v2/enqueue")
        : PagerDutyConfig.V1_URL;
    return new PagerDutyConfig(v2 ? null : key, v2 ? key : null, c.text("url", defaultUrl), client,
        template(c, "client_url", defaultTemplate("pagerduty.default.clientURL")),
        template(c, "description", defaultTemplate("pagerduty.default.description")), details, images, links,
        template(c, "source", client), template(c, "severity", "error"), template(c, "class", ""),
        template(c, "component", ""), template(c, "group", ""), c.bool("send_resolved", true), http(c));
  }

  private IntegrationConfig email(Settings c) {
    c.onlyKnown(Set.of("to", "from", "hello", "smarthost", "auth_username", "auth_password", "auth_password_file",
        "auth_secret", "auth_identity", "headers", "html", "text", "require_tls", "tls_config", "send_resolved"), NONE);
    String to = c.text("to", null);
    if (to == null || to.isBlank()) {
      if (unsetEnv(c, "to")) {
        return null;
      }
      throw new IllegalArgumentException(c.path + ".to: missing to address in email config");
    }
    String smarthost = c.text("smarthost", global.text("smtp_smarthost", null));
    if (smarthost == null || smarthost.isBlank()) {
      if (unsetEnv(c, "smarthost") || (!c.has("smarthost") && unsetEnv(global, "smtp_smarthost"))) {
        return null;
      }
      throw new IllegalArgumentException(c.path + ".smarthost: no global SMTP smarthost set");
    }
    String from = c.text("from", global.text("smtp_from", null));
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
    headers.putIfAbsent("Subject", defaultTemplate("email.default.subject"));
    headers.putIfAbsent("To", to);
    headers.putIfAbsent("From", from);
    headers.forEach((k, v) -> templates.check(c.path + ".headers." + k, v));
    String password = c.has("auth_password") || c.has("auth_password_file") ? c.secret("auth_password", null)
        : global.secret("smtp_auth_password", null);
    TlsConfig tls = Binder.bind(c.path + ".tls_config", c.node.get("tls_config"), TlsConfig.class);
    return new EmailConfig(to, from, c.text("hello", global.text("smtp_hello", "localhost")), smarthost,
        c.text("auth_username", global.text("smtp_auth_username", "")), password,
        c.text("auth_identity", global.text("smtp_auth_identity", "")),
        c.has("auth_secret") ? c.secret("auth_secret", null) : global.secret("smtp_auth_secret", null), headers,
        template(c, "html", defaultTemplate("email.default.html")), template(c, "text", ""),
        c.bool("require_tls", global.bool("smtp_require_tls", true)), tls, c.bool("send_resolved", false));
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

  /** The secret, or null (integration left out) when it comes only from unset environment variables. */
  private String required(Settings c, String field) {
    String value = c.secret(field, null);
    if (value != null) {
      return value;
    }
    String raw = c.node != null && c.node.hasNonNull(field) ? c.node.get(field).asText() : "";
    if (raw.contains("${")) {
      LOG.info("{} left out: {} refers to an unset environment variable", c.path, field);
      return null;
    }
    throw new IllegalArgumentException(c.path + "." + field + ": missing");
  }

  private static boolean unsetEnv(Settings s, String field) {
    boolean unset = s.node != null && s.node.hasNonNull(field) && s.node.get(field).asText().contains("${");
    if (unset) {
      LOG.info("{} left out: {} refers to an unset environment variable", s.path, field);
    }
    return unset;
  }
}

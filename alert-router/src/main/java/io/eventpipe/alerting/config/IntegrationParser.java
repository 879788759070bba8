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
  final Settings global;
  final Templates templates;
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

  static String defaultTemplate(String name) {
    return "{{ template \"" + name + "\" . }}";
  }

  /** A templated field: the value or the default, parsed now. */
  String template(Settings c, String field, String fallback) {
    String text = c.text(field, fallback);
    templates.check(c.path + "." + field, text);
    return text;
  }

  HttpClientConfig http(Settings c) {
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
      case "slack_configs" -> SlackParser.parse(this, c);
      case "pagerduty_configs" -> PagerDutyParser.parse(this, c);
      case "email_configs" -> EmailParser.parse(this, c);
      case "wechat_configs" -> WeChatParser.parse(this, c);
      case "sns_configs" -> SnsParser.parse(this, c);
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

  <T> List<T> list(Settings c, String field, Class<T[]> type) {
    T[] items = Binder.bind(c.path + "." + field, c.node == null ? null : c.node.get(field), type);
    return items == null ? List.of() : List.of(items);
  }

  /** The secret, or null (integration left out) when it comes only from unset environment variables. */
  String required(Settings c, String field) {
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

  static boolean unsetEnv(Settings s, String field) {
    boolean unset = s.node != null && s.node.hasNonNull(field) && s.node.get(field).asText().contains("${");
    if (unset) {
      LOG.info("{} left out: {} refers to an unset environment variable", s.path, field);
    }
    return unset;
  }
}

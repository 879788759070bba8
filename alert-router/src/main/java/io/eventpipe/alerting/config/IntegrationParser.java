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
    checkProxy(path, h);
    if (h.authorization() != null && "basic".equalsIgnoreCase(h.authorization().type())) {
      throw new IllegalArgumentException(path + ".authorization.type: authorization type cannot be set to "
          + "\"basic\", use \"basic_auth\" instead");
    }
    return h;
  }

  /** Prometheus common's {@code ProxyConfig.Validate}, plus what the JDK's client cannot send on a CONNECT. */
  private static void checkProxy(String path, HttpClientConfig h) {
    boolean url = h.proxyUrl() != null && !h.proxyUrl().isEmpty();
    boolean fromEnv = Boolean.TRUE.equals(h.proxyFromEnvironment());
    boolean noProxy = h.noProxy() != null && !h.noProxy().isEmpty();
    if (fromEnv && url) {
      throw new IllegalArgumentException(path + ".proxy_url: if proxy_from_environment is configured, proxy_url must "
          + "not be configured");
    }
    if (fromEnv && noProxy) {
      throw new IllegalArgumentException(path + ".no_proxy: if proxy_from_environment is configured, no_proxy must "
          + "not be configured");
    }
    if (noProxy && !url) {
      throw new IllegalArgumentException(path + ".no_proxy: if no_proxy is configured, proxy_url must also be "
          + "configured");
    }
    if (h.proxyConnectHeader() != null && !h.proxyConnectHeader().isEmpty()) {
      if (!url && !fromEnv) {
        throw new IllegalArgumentException(path + ".proxy_connect_header: if proxy_connect_header is configured, "
            + "proxy_url or proxy_from_environment must also be configured");
      }
      for (String header : h.proxyConnectHeader().keySet()) {
        if (!header.equalsIgnoreCase("Proxy-Authorization")) {
          throw new IllegalArgumentException(path + ".proxy_connect_header." + header + ": not supported by the "
              + "alert router (its HTTP client sends only Proxy-Authorization to a proxy's CONNECT)");
        }
      }
    }
  }

  IntegrationConfig parse(String kind, Settings c) {
    return switch (kind) {
      case "webhook_configs" -> webhook(c);
      case "slack_configs" -> SlackParser.parse(this, c);
      case "pagerduty_configs" -> PagerDutyParser.parse(this, c);
      case "email_configs" -> EmailParser.parse(this, c);
      case "opsgenie_configs" -> OpsGenieParser.parse(this, c);
      case "victorops_configs" -> VictorOpsParser.parse(this, c);
      case "pushover_configs" -> PushoverParser.parse(this, c);
      case "telegram_configs" -> TelegramParser.parse(this, c);
      case "discord_configs" -> DiscordParser.parse(this, c);
      case "webex_configs" -> WebexParser.parse(this, c);
      case "msteams_configs" -> MSTeamsParser.parse(this, c);
      case "wechat_configs" -> WeChatParser.parse(this, c);
      case "sns_configs" -> SnsParser.parse(this, c);
      case "console_configs" -> {
        c.onlyKnown(Set.of("send_resolved"));
        yield new ConsoleConfig(c.bool("send_resolved", true));
      }
      case "file_configs" -> {
        c.onlyKnown(Set.of("path", "send_resolved"));
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
    c.onlyKnown(Set.of("url", "url_file", "send_resolved", "max_alerts", "http_config"));
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

  /** A {@code *_file} path (relative to the config's folder), for secrets 0.25 reads on every notification. */
  String file(Settings s, String field) {
    return baseDir.resolve(s.text(field, "")).toString();
  }

  /**
   * An API base URL (config.URL's checks: http or https, a host) with a trailing slash added to its path, as
   * Config.UnmarshalYAML does for opsgenie and victorops before paths are appended.
   */
  static String apiUrl(Settings s, String field, String fallback) {
    String url = s.text(field, fallback);
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(s.path + "." + field + ": invalid URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(s.path + "." + field + ": unsupported scheme \"" + uri.getScheme()
          + "\" for URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(s.path + "." + field + ": missing host for URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(s.path + "." + field + ": a query or fragment is not supported here");
    }
    return url.endsWith("/") ? url : url + "/";
  }
}

package io.eventpipe.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventpipe.alerting.alert.Matcher;
import io.eventpipe.alerting.alert.Matchers;
import io.eventpipe.alerting.dispatch.Route;
import io.eventpipe.alerting.dispatch.RouteOpts;
import io.eventpipe.alerting.inhibit.InhibitRule;
import io.eventpipe.alerting.notify.ConsoleConfig;
import io.eventpipe.alerting.notify.EmailConfig;
import io.eventpipe.alerting.notify.FileConfig;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.PagerDutyConfig;
import io.eventpipe.alerting.notify.Receiver;
import io.eventpipe.alerting.notify.SlackConfig;
import io.eventpipe.alerting.notify.Templates;
import io.eventpipe.alerting.notify.WebhookConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an alertmanager.yml: {@code global}, {@code route}, {@code receivers}, {@code inhibit_rules} and
 * {@code templates}, with Alertmanager's defaults and inheritance. Anything it cannot honour is refused with a
 * message naming the field. An integration whose required URL or key comes only from unset {@code ${ENV}}
 * variables is left out (logged), so one config serves the demo with and without real credentials.
 */
public final class AlertmanagerConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerConfigLoader.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> NONE = Set.of();

  private final Function<String, String> env;
  private final Path baseDir;
  private Settings global;

  private AlertmanagerConfigLoader(Function<String, String> env, Path baseDir) {
    this.env = env;
    this.baseDir = baseDir;
  }

  public static AlertmanagerConfig load(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      return parse(Files.readString(file), dir, System::getenv);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read alertmanager config " + file + ": " + e.getMessage(), e);
    }
  }

  public static AlertmanagerConfig parse(String yaml, Path baseDir, Function<String, String> env) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("alertmanager config is not valid YAML: " + e.getMessage(), e);
    }
    return new AlertmanagerConfigLoader(env, baseDir).build(new Settings("config", root, env, baseDir));
  }

  private AlertmanagerConfig build(Settings root) {
    root.onlyKnown(Set.of("global", "route", "receivers", "inhibit_rules", "templates"),
        Set.of("time_intervals", "mute_time_intervals"));
    global = root.child("global");
    global.onlyKnown(Set.of("resolve_timeout", "smtp_from", "smtp_smarthost", "smtp_auth_username",
        "smtp_auth_password", "smtp_auth_password_file", "smtp_require_tls", "slack_api_url", "slack_api_url_file",
        "pagerduty_url", "smtp_hello"), Set.of("http_config", "smtp_auth_identity", "smtp_auth_secret",
        "opsgenie_api_key", "opsgenie_api_key_file", "opsgenie_api_url", "wechat_api_url", "wechat_api_secret",
        "wechat_api_corp_id", "victorops_api_key", "victorops_api_key_file", "victorops_api_url", "telegram_api_url",
        "webex_api_url"));
    Duration resolveTimeout = Durations.parse("global.resolve_timeout", global.text("resolve_timeout", "5m"));
    Templates templates = templates(root);
    Map<String, Receiver> receivers = receivers(root, templates);
    if (!root.has("route")) {
      throw new IllegalArgumentException("route: missing (a root route with a receiver is required)");
    }
    Settings routeSettings = root.child("route");
    if (routeSettings.has("matchers") || routeSettings.has("match") || routeSettings.has("match_re")) {
      throw new IllegalArgumentException("route: the root route must not have any matchers");
    }
    if (routeSettings.has("continue")) {
      throw new IllegalArgumentException("route.continue: cannot have continue in the root route");
    }
    if (!routeSettings.has("receiver")) {
      throw new IllegalArgumentException("route.receiver: the root route must specify a default receiver");
    }
    Route route = route(routeSettings, null, "0", RouteOpts.defaults(null), receivers.keySet());
    return new AlertmanagerConfig(route, receivers, inhibitRules(root), templates, resolveTimeout);
  }

  private Templates templates(Settings root) {
    Templates templates = Templates.alertmanager();
    JsonNode list = root.node == null ? null : root.node.get("templates");
    if (list == null || list.isNull()) {
      return templates;
    }
    for (int i = 0; i < list.size(); i++) {
      String pattern = list.get(i).asText();
      Path p = baseDir.resolve(pattern);
      Path dir = p.getParent();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p.getFileName().toString())) {
        for (Path file : files) {
          templates.define("templates[" + i + "] " + file, Files.readString(file));
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("templates[" + i + "]: cannot read " + pattern + ": " + e.getMessage());
      }
    }
    return templates;
  }

  private Map<String, Receiver> receivers(Settings root, Templates templates) {
    Map<String, Receiver> out = new LinkedHashMap<>();
    JsonNode list = root.node == null ? null : root.node.get("receivers");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("receivers: a list of receivers is required");
    }
    for (int i = 0; i < list.size(); i++) {
      Settings r = root.at("receivers", i, list.get(i));
      r.onlyKnown(Set.of("name", "webhook_configs", "slack_configs", "pagerduty_configs", "email_configs",
          "console_configs", "file_configs"), Set.of("opsgenie_configs", "wechat_configs", "pushover_configs",
          "victorops_configs", "sns_configs", "telegram_configs", "webex_configs", "discord_configs",
          "msteams_configs"));
      String name = r.text("name", "");
      if (name.isEmpty()) {
        throw new IllegalArgumentException(r.path + ".name: missing");
      }
      if (out.containsKey(name)) {
        throw new IllegalArgumentException(r.path + ".name: receiver '" + name + "' is not unique");
      }
      List<IntegrationConfig> integrations = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : r.fields().entrySet()) {
        if (!field.getKey().endsWith("_configs")) {
          continue;
        }
        for (int j = 0; j < field.getValue().size(); j++) {
          Settings c = r.at(field.getKey(), j, field.getValue().get(j));
          IntegrationConfig integration = integration(field.getKey(), c, templates);
          if (integration != null) {
            integrations.add(integration);
          }
        }
      }
      out.put(name, new Receiver(name, List.copyOf(integrations)));
    }
    return out;
  }

  private IntegrationConfig integration(String kind, Settings c, Templates templates) {
    return switch (kind) {
      case "webhook_configs" -> {
        c.onlyKnown(Set.of("url", "url_file", "send_resolved", "max_alerts"), Set.of("http_config"));
        String url = required(c, "url", null);
        yield url == null ? null : new WebhookConfig(url, c.has("max_alerts") ? c.node.get("max_alerts").asInt() : 0,
            c.bool("send_resolved", true));
      }
      case "slack_configs" -> {
        c.onlyKnown(Set.of("api_url", "api_url_file", "channel", "username", "title", "title_link", "text",
            "send_resolved", "color"), Set.of("http_config", "actions", "fields", "blocks"));
        boolean own = c.has("api_url") || c.has("api_url_file");
        String url = own ? required(c, "api_url", null) : global.secret("slack_api_url", null);
        if (url == null) {
          yield own ? null : skipped(c, "api_url");
        }
        String title = c.text("title", "{{ template \"slack.default.title\" . }}");
        String text = c.text("text", "{{ template \"slack.default.text\" . }}");
        templates.check(c.path + ".title", title);
        templates.check(c.path + ".text", text);
        yield new SlackConfig(url, c.text("channel", ""), c.text("username", ""), title, c.text("title_link", ""),
            text, c.bool("send_resolved", false));
      }
      case "pagerduty_configs" -> {
        c.onlyKnown(Set.of("routing_key", "routing_key_file", "url", "severity", "description", "client",
            "client_url", "details", "send_resolved"), Set.of("service_key", "service_key_file", "http_config",
            "images", "links", "component", "group", "class", "source"));
        String key = required(c, "routing_key", null);
        if (key == null) {
          yield null;
        }
        String description = c.text("description", "{{ template \"pagerduty.default.description\" . }}");
        templates.check(c.path + ".description", description);
        Map<String, String> details = new TreeMap<>();
        c.child("details").fields().forEach((k, v) -> details.put(k, c.expand(v.asText())));
        yield new PagerDutyConfig(key, c.text("url", global.text("pagerduty_url",
            "https://events.pagerduty.com/v2/enqueue")), c.text("severity", "error"), description,
            c.text("client", "eventpipe alert-router"), c.text("client_url", ""), details,
            c.bool("send_resolved", true));
      }
      case "email_configs" -> {
        c.onlyKnown(Set.of("to", "from", "smarthost", "auth_username", "auth_password", "auth_password_file",
            "require_tls", "html", "text", "headers", "send_resolved", "hello"), Set.of("tls_config",
            "auth_identity", "auth_secret"));
        String to = c.text("to", null);
        if (to == null || to.isBlank()) {
          yield skipped(c, "to");
        }
        String smarthost = c.text("smarthost", global.text("smtp_smarthost", null));
        if (smarthost == null || smarthost.isBlank()) {
          yield skipped(c, "smarthost");
        }
        String subject = c.child("headers").text("Subject", "{{ template \"email.default.subject\" . }}");
        String html = c.text("html", "{{ template \"email.default.html\" . }}");
        String text = c.text("text", "{{ template \"email.default.text\" . }}");
        templates.check(c.path + ".html", html);
        templates.check(c.path + ".text", text);
        String password = c.has("auth_password") || c.has("auth_password_file") ? c.secret("auth_password", null)
            : global.secret("smtp_auth_password", null);
        yield new EmailConfig(to, c.text("from", global.text("smtp_from", "alert-router@localhost")), smarthost,
            c.text("auth_username", global.text("smtp_auth_username", "")), password,
            c.bool("require_tls", global.bool("smtp_require_tls", true)), subject, html, text,
            c.bool("send_resolved", false));
      }
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

  /** The secret, or null (integration left out) when it comes only from unset environment variables. */
  private String required(Settings c, String field, String fallback) {
    String value = c.secret(field, fallback);
    if (value == null) {
      return skipped(c, field);
    }
    return value;
  }

  private <T> T skipped(Settings c, String field) {
    String raw = c.node != null && c.node.hasNonNull(field) ? c.node.get(field).asText() : "";
    if (raw.contains("${")) {
      LOG.info("{} left out: {} refers to an unset environment variable", c.path, field);
      return null;
    }
    throw new IllegalArgumentException(c.path + "." + field + ": missing");
  }

  private Route route(Settings r, Route parent, String id, RouteOpts inherited, Set<String> receivers) {
    r.onlyKnown(Set.of("receiver", "group_by", "continue", "match", "match_re", "matchers", "group_wait",
        "group_interval", "repeat_interval", "routes"), Set.of("mute_time_intervals", "active_time_intervals"));
    String receiver = r.text("receiver", inherited.receiver());
    if (!receivers.contains(receiver)) {
      throw new IllegalArgumentException(r.path + ".receiver: undefined receiver '" + receiver + "'");
    }
    Set<String> groupBy = inherited.groupBy();
    boolean groupByAll = inherited.groupByAll();
    if (r.has("group_by")) {
      groupBy = new LinkedHashSet<>();
      groupByAll = false;
      for (JsonNode n : r.node.get("group_by")) {
        String label = n.asText();
        if (label.equals("...")) {
          groupByAll = true;
        } else if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          throw new IllegalArgumentException(r.path + ".group_by: invalid label name '" + label + "'");
        } else {
          groupBy.add(label);
        }
      }
      if (groupByAll && !groupBy.isEmpty()) {
        throw new IllegalArgumentException(r.path + ".group_by: cannot have wildcard group_by (`...`) and other labels at the same time");
      }
    }
    RouteOpts opts = new RouteOpts(receiver, Set.copyOf(groupBy), groupByAll,
        duration(r, "group_wait", inherited.groupWait()), duration(r, "group_interval", inherited.groupInterval()),
        duration(r, "repeat_interval", inherited.repeatInterval()));
    if (opts.groupInterval().isZero() || opts.repeatInterval().isZero()) {
      throw new IllegalArgumentException(r.path + ": group_interval and repeat_interval must be greater than 0");
    }
    Matchers matchers = matchers(r);
    String key = (parent == null ? "" : parent.key() + "/") + matchers;
    List<Route> children = new ArrayList<>();
    JsonNode routes = r.node == null ? null : r.node.get("routes");
    Route self = new Route(id, key, matchers, r.bool("continue", false), opts, children);
    if (routes != null) {
      for (int i = 0; i < routes.size(); i++) {
        children.add(route(r.at("routes", i, routes.get(i)), self, id + "." + i, opts, receivers));
      }
    }
    return new Route(id, key, matchers, self.continueMatching(), opts, List.copyOf(children));
  }

  private static Duration duration(Settings r, String field, Duration inherited) {
    return r.has(field) ? Durations.parse(r.path + "." + field, r.text(field, "")) : inherited;
  }

  private static Matchers matchers(Settings r) {
    List<Matcher> out = new ArrayList<>();
    try {
      r.child("match").fields().forEach((k, v) -> out.add(Matcher.of(k, Matcher.Type.EQUAL, v.asText())));
      // Alertmanager keeps match_re values anchored ("^(?:re)$"); route keys, and so group keys, print them so.
      r.child("match_re").fields().forEach((k, v) -> out.add(Matcher.of(k, Matcher.Type.REGEX, anchored(v.asText()))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.path + ".match: " + e.getMessage(), e);
    }
    return new Matchers(out).and(list(r, "matchers"));
  }

  private static String anchored(String regex) {
    return "^(?:" + regex + ")$";
  }

  private static Matchers list(Settings s, String field) {
    Matchers out = Matchers.NONE;
    JsonNode list = s.node == null ? null : s.node.get(field);
    if (list == null || list.isNull()) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      try {
        out = out.and(Matchers.parse(list.get(i).asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(s.path + "." + field + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static List<InhibitRule> inhibitRules(Settings root) {
    List<InhibitRule> rules = new ArrayList<>();
    JsonNode list = root.node == null ? null : root.node.get("inhibit_rules");
    if (list == null || list.isNull()) {
      return rules;
    }
    for (int i = 0; i < list.size(); i++) {
      Settings r = root.at("inhibit_rules", i, list.get(i));
      r.onlyKnown(Set.of("source_matchers", "target_matchers", "source_match", "source_match_re", "target_match",
          "target_match_re", "equal"), NONE);
      Matchers source = side(r, "source").and(list(r, "source_matchers"));
      Matchers target = side(r, "target").and(list(r, "target_matchers"));
      Set<String> equal = new HashSet<>();
      if (r.has("equal")) {
        r.node.get("equal").forEach(n -> equal.add(n.asText()));
      }
      rules.add(new InhibitRule(source, target, Set.copyOf(equal)));
    }
    return rules;
  }

  private static Matchers side(Settings r, String side) {
    List<Matcher> out = new ArrayList<>();
    r.child(side + "_match").fields().forEach((k, v) -> out.add(Matcher.of(k, Matcher.Type.EQUAL, v.asText())));
    r.child(side + "_match_re").fields()
        .forEach((k, v) -> out.add(Matcher.of(k, Matcher.Type.REGEX, anchored(v.asText()))));
    return new Matchers(out);
  }
}

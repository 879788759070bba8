package io.eventpipe.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventpipe.alerting.alert.Matcher;
import io.eventpipe.alerting.alert.Matchers;
import io.eventpipe.alerting.dispatch.Route;
import io.eventpipe.alerting.dispatch.RouteOpts;
import io.eventpipe.alerting.inhibit.InhibitRule;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.Receiver;
import io.eventpipe.alerting.notify.Templates;
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
import java.util.function.Function;

/**
 * Loads an alertmanager.yml: {@code global}, {@code route}, {@code receivers}, {@code inhibit_rules} and
 * {@code templates}, with Alertmanager's defaults and inheritance. Anything it cannot honour is refused with a
 * message naming the field. An integration whose required URL or key comes only from unset {@code ${ENV}}
 * variables is left out (logged), so one config serves the demo with and without real credentials.
 */
public final class AlertmanagerConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Function<String, String> env;
  private final Path baseDir;
  private Settings global;
  private Map<String, TimeInterval> timeIntervals = Map.of();
  private final Map<String, RouteTimeIntervals.Names> routeIntervals = new LinkedHashMap<>();

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
    root.onlyKnown(Set.of("global", "route", "receivers", "inhibit_rules", "templates", "time_intervals",
        "mute_time_intervals"));
    global = root.child("global");
    global.onlyKnown(Set.of("resolve_timeout", "smtp_from", "smtp_smarthost", "smtp_auth_username",
        "smtp_auth_password", "smtp_auth_password_file", "smtp_require_tls", "slack_api_url", "slack_api_url_file",
        "pagerduty_url", "smtp_hello", "http_config", "smtp_auth_identity", "smtp_auth_secret", "opsgenie_api_key",
        "opsgenie_api_key_file", "opsgenie_api_url", "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id",
        "victorops_api_key", "victorops_api_key_file", "victorops_api_url", "telegram_api_url", "webex_api_url"));
    timeIntervals = TimeIntervals.parse(root);
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
    return new AlertmanagerConfig(route, receivers, inhibitRules(root), templates, resolveTimeout,
        new RouteTimeIntervals(timeIntervals, Map.copyOf(routeIntervals)));
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
      if (dir == null || !Files.isDirectory(dir)) {
        continue; // a glob that matches nothing is fine, as in Alertmanager
      }
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
    IntegrationParser parser = new IntegrationParser(global, templates, baseDir);
    Map<String, Receiver> out = new LinkedHashMap<>();
    JsonNode list = root.node == null ? null : root.node.get("receivers");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("receivers: a list of receivers is required");
    }
    for (int i = 0; i < list.size(); i++) {
      Settings r = root.at("receivers", i, list.get(i));
      r.onlyKnown(Set.of("name", "webhook_configs", "slack_configs", "pagerduty_configs", "email_configs",
          "console_configs", "file_configs", "opsgenie_configs", "victorops_configs", "pushover_configs",
          "telegram_configs", "discord_configs", "webex_configs", "msteams_configs", "wechat_configs", "sns_configs"));
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
          IntegrationConfig integration = parser.parse(field.getKey(), c);
          if (integration != null) {
            integrations.add(integration);
          }
        }
      }
      out.put(name, new Receiver(name, List.copyOf(integrations)));
    }
    return out;
  }

  private Route route(Settings r, Route parent, String id, RouteOpts inherited, Set<String> receivers) {
    r.onlyKnown(Set.of("receiver", "group_by", "continue", "match", "match_re", "matchers", "group_wait",
        "group_interval", "repeat_interval", "routes", "mute_time_intervals", "active_time_intervals"));
    List<String> mute = intervalNames(r, "mute_time_intervals");
    List<String> active = intervalNames(r, "active_time_intervals");
    if (!mute.isEmpty() || !active.isEmpty()) {
      routeIntervals.put(id, new RouteTimeIntervals.Names(mute, active));
    }
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

  private List<String> intervalNames(Settings r, String field) {
    List<String> out = new ArrayList<>();
    JsonNode list = r.node == null ? null : r.node.get(field);
    if (list == null || list.isNull()) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i).asText();
      if (!timeIntervals.containsKey(name)) {
        throw new IllegalArgumentException(r.path + "." + field + "[" + i + "]: undefined time interval \"" + name
            + "\" used in route");
      }
      out.add(name);
    }
    return List.copyOf(out);
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
          "target_match_re", "equal"));
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

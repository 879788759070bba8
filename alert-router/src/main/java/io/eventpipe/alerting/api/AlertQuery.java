package io.eventpipe.alerting.api;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Matchers;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.dispatch.AggrGroup;
import io.eventpipe.alerting.dispatch.AlertOrder;
import io.eventpipe.alerting.dispatch.Route;
import io.eventpipe.alerting.inhibit.InhibitionIndex;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.silence.Silence;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code GET /api/v2/alerts} and {@code GET /api/v2/alerts/groups} as Alertmanager answers them, with every filter:
 * {@code filter} (matchers), {@code receiver} (anchored regex on receiver names), {@code active},
 * {@code silenced}, {@code inhibited}, {@code unprocessed} (all default true; nothing here is ever unprocessed).
 * Groups are computed by routing the current alerts, so every instance answers for all groups.
 */
final class AlertQuery {
  private final AlertmanagerConfig config;
  private final Inhibitor inhibitor;

  AlertQuery(AlertmanagerConfig config) {
    this.config = config;
    this.inhibitor = new Inhibitor(config.inhibitRules());
  }

  /** The parsed query parameters; the message of a bad one names it. */
  record Filters(Matchers matchers, Pattern receiver, boolean active, boolean silenced, boolean inhibited) {
    static Filters parse(Map<String, String> query) {
      Matchers matchers = Matchers.NONE;
      for (String f : query.getOrDefault("filter", "").split("\u0000")) {
        if (!f.isBlank()) {
          matchers = matchers.and(Matchers.parse(f));
        }
      }
      Pattern receiver = null;
      String r = query.getOrDefault("receiver", "");
      if (!r.isEmpty()) {
        try {
          receiver = Pattern.compile("^(?:" + r + ")$");
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("receiver: invalid regular expression: " + e.getDescription());
        }
      }
      flag(query, "unprocessed");
      return new Filters(matchers, receiver, flag(query, "active"), flag(query, "silenced"), flag(query, "inhibited"));
    }

    private static boolean flag(Map<String, String> query, String name) {
      String v = query.get(name);
      if (v == null || v.equals("true")) {
        return true;
      }
      if (v.equals("false")) {
        return false;
      }
      throw new IllegalArgumentException(name + ": expected true or false, got '" + v + "'");
    }
  }

  /** The query parameters; a repeated one (e.g. {@code filter}) is joined with NUL, which no value contains. */
  static Map<String, String> params(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.merge(key, value, (a, b) -> a + "\u0000" + b);
    }
    return out;
  }

  List<Map<String, Object>> alerts(List<Alert> all, List<Silence> silences, Filters filters, long now) {
    View view = new View(silences, inhibitor.index(all, now), now);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Alert a : all) {
      List<String> receivers = receivers(a);
      if (view.included(a, receivers, filters)) {
        out.add(view.json(a, receivers));
      }
    }
    return out;
  }

  List<Map<String, Object>> groups(List<Alert> all, List<Silence> silences, Filters filters, long now) {
    View view = new View(silences, inhibitor.index(all, now), now);
    Map<String, List<Alert>> members = new TreeMap<>();
    Map<String, Route> routes = new TreeMap<>();
    for (Alert a : all) {
      List<String> receivers = receivers(a);
      if (!view.included(a, receivers, filters)) {
        continue;
      }
      for (Route route : config.route().match(a.labels())) {
        if (filters.receiver() != null && !filters.receiver().matcher(route.opts().receiver()).matches()) {
          continue;
        }
        String id = AggrGroup.groupId(route, route.opts().groupLabels(a.labels()));
        members.computeIfAbsent(id, k -> new ArrayList<>()).add(a);
        routes.put(id, route);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    members.forEach((id, alerts) -> {
      Route route = routes.get(id);
      alerts.sort(AlertOrder.INSTANCE);
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("alerts", alerts.stream().map(a -> view.json(a, receivers(a))).toList());
      group.put("labels", route.opts().groupLabels(alerts.get(0).labels()));
      group.put("receiver", Map.of("name", route.opts().receiver()));
      out.add(group);
    });
    out.sort((x, y) -> {
      String lx = AggrGroup.labelsString(cast(x.get("labels")));
      String ly = AggrGroup.labelsString(cast(y.get("labels")));
      return lx.equals(ly) ? receiverName(x).compareTo(receiverName(y)) : lx.compareTo(ly);
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> cast(Object o) {
    return (Map<String, String>) o;
  }

  private static String receiverName(Map<String, Object> group) {
    return cast(group.get("receiver")).get("name");
  }

  private List<String> receivers(Alert a) {
    return config.route().match(a.labels()).stream().map(r -> r.opts().receiver()).distinct().toList();
  }

  /** Silences compiled once and the inhibition index, for one response. */
  private final class View {
    private final List<Map.Entry<String, Matchers>> silences = new ArrayList<>();
    private final InhibitionIndex inhibition;
    private final long now;

    View(List<Silence> all, InhibitionIndex inhibition, long now) {
      for (Silence s : all) {
        if (s.state(now).equals("active")) {
          silences.add(Map.entry(s.id(), s.toMatchers()));
        }
      }
      this.inhibition = inhibition;
      this.now = now;
    }

    boolean included(Alert a, List<String> receivers, Filters f) {
      if (a.resolvedAt(now) || !f.matchers().matches(a.labels())) {
        return false;
      }
      if (f.receiver() != null && receivers.stream().noneMatch(r -> f.receiver().matcher(r).matches())) {
        return false;
      }
      boolean silenced = !silencedBy(a).isEmpty();
      boolean inhibited = inhibition.inhibitedBy(a.labels()) != null;
      return (f.silenced() || !silenced) && (f.inhibited() || !inhibited)
          && (f.active() || silenced || inhibited);
    }

    private List<String> silencedBy(Alert a) {
      return silences.stream().filter(s -> s.getValue().matches(a.labels())).map(Map.Entry::getKey).toList();
    }

    Map<String, Object> json(Alert a, List<String> receivers) {
      List<String> silencedBy = silencedBy(a);
      String inhibitor = inhibition.inhibitedBy(a.labels());
      List<String> inhibitedBy = inhibitor == null ? List.of() : List.of(inhibitor);
      boolean suppressed = !silencedBy.isEmpty() || !inhibitedBy.isEmpty();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("annotations", a.annotations());
      // An alert without an end (the router's own rule alerts, refreshed every evaluation) shows, as in
      // Alertmanager, when it would time out: last update + resolve_timeout.
      long endsAt = a.endsAt() != 0 ? a.endsAt() : a.updatedAt() + config.resolveTimeout().toMillis();
      m.put("endsAt", ApiAlerts.format(endsAt));
      m.put("fingerprint", a.fingerprint());
      m.put("receivers", receivers.stream().map(r -> Map.of("name", r)).toList());
      m.put("startsAt", ApiAlerts.format(a.startsAt()));
      m.put("status", Map.of("inhibitedBy", inhibitedBy, "silencedBy", silencedBy,
          "state", suppressed ? "suppressed" : "active"));
      m.put("updatedAt", ApiAlerts.format(a.updatedAt()));
      m.put("generatorURL", a.generatorURL());
      m.put("labels", a.labels());
      return m;
    }
  }
}

package io.eventpipe.alerting.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventpipe.alerting.config.Durations;
import io.eventpipe.alerting.notify.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a rule file shaped like Prometheus' ({@code groups[].rules[]} with {@code alert}, {@code for},
 * {@code labels}, {@code annotations}) whose condition is structured instead of PromQL:
 * <pre>
 * condition: {ratio: {numerator: 'http_requests_total{status=~"5.."}', denominator: http_requests_total},
 *             over: 5m, by: [service], when: '> 0.05'}
 * and: [ {condition...}, {condition...} ]     # instead of condition: all must hold
 * </pre>
 * Errors name the rule and field.
 */
public final class RulesLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern WHEN = Pattern.compile("\\s*(>=|<=|==|!=|>|<)\\s*(-?[0-9.eE+]+)\\s*");
  private static final Templates TEMPLATES = Templates.defaults();
  private static final Set<String> KINDS = Set.of("value", "rate", "ratio", "quantile", "absent");

  private RulesLoader() {}

  public static List<RuleGroup> load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read rules file " + file + ": " + e.getMessage(), e);
    }
  }

  public static List<RuleGroup> parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("rules file is not valid YAML: " + e.getMessage(), e);
    }
    List<RuleGroup> groups = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("groups");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("groups: a list of rule groups is required");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode g = list.get(i);
      String where = "groups[" + i + "]";
      only(g, where, Set.of("name", "rules", "interval"));
      List<Rule> rules = new ArrayList<>();
      for (int j = 0; j < g.path("rules").size(); j++) {
        rules.add(rule(g.path("rules").get(j), where + ".rules[" + j + "]"));
      }
      groups.add(new RuleGroup(g.path("name").asText(where), List.copyOf(rules)));
    }
    return groups;
  }

  private static Rule rule(JsonNode r, String where) {
    if (r.has("expr")) {
      throw new IllegalArgumentException(where + ".expr: PromQL is not evaluated by the alert router; write the "
          + "rule as 'condition:' over the aggregator's series, or keep it in Prometheus and point Prometheus at "
          + "the router's Alertmanager API");
    }
    if (r.has("record")) {
      throw new IllegalArgumentException(where + ".record: recording rules are not supported");
    }
    only(r, where, Set.of("alert", "condition", "and", "for", "labels", "annotations"));
    String name = r.path("alert").asText("");
    if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw new IllegalArgumentException(where + ".alert: missing or not a valid label value for alertname");
    }
    where = where + " (" + name + ")";
    List<Condition> conditions = new ArrayList<>();
    if (r.has("condition") == r.has("and")) {
      throw new IllegalArgumentException(where + ": exactly one of 'condition' and 'and' is required");
    }
    if (r.has("condition")) {
      conditions.add(condition(r.get("condition"), where + ".condition"));
    } else {
      for (int i = 0; i < r.get("and").size(); i++) {
        conditions.add(condition(r.get("and").get(i), where + ".and[" + i + "]"));
      }
    }
    Map<String, String> annotations = strings(r.get("annotations"));
    for (Map.Entry<String, String> a : annotations.entrySet()) {
      TEMPLATES.check(where + ".annotations." + a.getKey(), a.getValue());
    }
    Duration holdFor = r.has("for") ? Durations.parse(where + ".for", r.get("for").asText()) : Duration.ZERO;
    return new Rule(name, List.copyOf(conditions), holdFor, strings(r.get("labels")), annotations);
  }

  private static Condition condition(JsonNode c, String where) {
    only(c, where, Set.of("value", "rate", "ratio", "quantile", "absent", "aggregate", "over", "by", "when"));
    List<String> kinds = new ArrayList<>();
    c.fieldNames().forEachRemaining(f -> {
      if (KINDS.contains(f)) {
        kinds.add(f);
      }
    });
    if (kinds.size() != 1) {
      throw new IllegalArgumentException(where + ": exactly one of value, rate, ratio, quantile, absent is required");
    }
    String kind = kinds.get(0);
    JsonNode spec = c.get(kind);
    List<Selector> selectors = new ArrayList<>();
    double q = 0;
    switch (kind) {
      case "ratio" -> {
        selectors.add(Selector.parse(where + ".ratio.numerator", spec.path("numerator").asText(null)));
        selectors.add(Selector.parse(where + ".ratio.denominator", spec.path("denominator").asText(null)));
      }
      case "quantile" -> {
        q = spec.path("q").asDouble(-1);
        if (q < 0 || q > 1) {
          throw new IllegalArgumentException(where + ".quantile.q: must be within 0..1");
        }
        selectors.add(Selector.parse(where + ".quantile.histogram", spec.path("histogram").asText(null)));
      }
      default -> selectors.add(Selector.parse(where + "." + kind, spec.asText(null)));
    }
    String aggregate = c.path("aggregate").asText("sum");
    if (!Set.of("sum", "max", "min", "avg").contains(aggregate)) {
      throw new IllegalArgumentException(where + ".aggregate: one of sum, max, min, avg");
    }
    Duration over = c.has("over") ? Durations.parse(where + ".over", c.get("over").asText()) : Duration.ofMinutes(5);
    Set<String> by = new LinkedHashSet<>();
    c.path("by").forEach(n -> by.add(n.asText()));
    String when = c.path("when").asText(kind.equals("absent") ? "> 0" : "");
    Matcher m = WHEN.matcher(when);
    if (!m.matches()) {
      throw new IllegalArgumentException(where + ".when: expected a comparison like '> 0.05', got '" + when + "'");
    }
    return new Condition(Condition.Kind.valueOf(kind.toUpperCase()), List.copyOf(selectors), aggregate, q, over,
        Set.copyOf(by), m.group(1), Double.parseDouble(m.group(2)));
  }

  private static void only(JsonNode node, String where, Set<String> known) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException(where + "." + f + ": unknown field");
      }
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}

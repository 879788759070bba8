package io.eventpipe.aggregator.definitions;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.avro.Schema;

/** Checks every family of a metrics.yml and compiles its rules; the first problem is thrown, naming line and field. */
final class FamilyValidator {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** The pipeline's own series, built into the aggregator and not definable in a file. */
  private static final String RESERVED_PREFIX = "eventpipe_";
  private static final List<String> RESERVED_SUFFIXES = List.of("_total", "_created", "_bucket", "_info");

  private final String source;
  private final LineIndex lines;

  FamilyValidator(String source, LineIndex lines) {
    this.source = source;
    this.lines = lines;
  }

  List<Rule> validate(List<FamilyDefinition> families) {
    List<Rule> rules = new ArrayList<>();
    Map<String, String> exported = new LinkedHashMap<>();
    String mrr = null;
    for (int i = 0; i < families.size(); i++) {
      FamilyDefinition f = families.get(i);
      String at = "/families/" + i;
      if (f == null) {
        throw error(at, "", "an empty family");
      }
      check(f.name() != null, at, "name", "required");
      check(METRIC_NAME.matcher(f.name()).matches(), at, "name", "'" + f.name() + "' is not a valid Prometheus metric name");
      check(!f.name().startsWith(RESERVED_PREFIX), at, "name", "'" + f.name() + "' is built into the aggregator");
      check(f.type() != null, at, "type", "required: counter, histogram, gauge, distinct or subscription_mrr");
      check(!f.from().isEmpty(), at, "from", "required: the event type(s) feeding the family, one of " + typeNames());
      claim(exported, f.name(), at, "name");
      checkSuffix(f.name(), exportedAsCounter(f), at, "name");
      checkShape(f, at);
      if (f.type() == FamilyDefinition.FamilyType.DISTINCT) {
        Set<String> windows = new HashSet<>();
        for (int w = 0; w < f.windowList().size(); w++) {
          WindowDefinition window = f.windowList().get(w);
          String wat = at + "/windows/" + w;
          check(WindowDefinition.SUPPORTED.contains(window.window()), wat, "window",
              "'" + window.window() + "' is not one of " + WindowDefinition.SUPPORTED);
          check(windows.add(window.window()), wat, "window", "'" + window.window() + "' given twice");
          check(window.name() != null && METRIC_NAME.matcher(window.name()).matches(), wat, "name",
              "'" + window.name() + "' is not a valid Prometheus metric name");
          checkSuffix(window.name(), false, wat, "name");
          if (!window.name().equals(f.name())) {
            claim(exported, window.name(), wat, "name");
          }
        }
      }
      if (f.type() == FamilyDefinition.FamilyType.SUBSCRIPTION_MRR) {
        check(mrr == null, at, "type", "one subscription_mrr family only (the first is at line " + lines.line(
            mrr == null ? at : mrr) + ")");
        mrr = at;
        continue; // fed by the per-user subscription table, not by rules over event fields
      }
      for (int s = 0; s < f.from().size(); s++) {
        rules.add(compile(f, at, f.from().size() == 1 ? at + "/from" : at + "/from/" + s, f.from().get(s)));
      }
    }
    return rules;
  }

  private void checkShape(FamilyDefinition f, String at) {
    switch (f.type()) {
      case HISTOGRAM -> {
        check(f.value() != null, at, "value", "a histogram needs the numeric field it observes");
        List<Double> b = f.bounds();
        check(!b.isEmpty(), at, "buckets", "at least one bucket bound");
        for (int i = 0; i < b.size(); i++) {
          check(b.get(i) != null && Double.isFinite(b.get(i)), at + "/buckets/" + i, "", "bounds must be finite numbers");
          check(i == 0 || b.get(i) > b.get(i - 1), at + "/buckets/" + i, "",
              "bounds must increase: " + b.get(i) + " after " + (i == 0 ? "" : b.get(i - 1)));
        }
        check(!f.labels().containsKey("le"), at + "/labels/le", "", "'le' is the histogram's bucket label");
      }
      case GAUGE -> check(f.value() != null, at, "value", "a gauge needs the numeric field whose newest value it keeps");
      case DISTINCT -> {
        check(f.of() != null, at, "of", "a distinct family needs the field whose distinct values it counts");
        check(!f.windowList().isEmpty(), at, "windows", "a distinct family needs its windows (5m, 1d, 1mo) and their names");
        check(f.windowed() == null || !f.windowed(), at, "windowed", "distinct families are not published per window");
      }
      case SUBSCRIPTION_MRR -> {
        check(f.from().equals(List.of(EventTypes.BILLING.name())), at, "from",
            "a subscription_mrr family is fed by billing events only");
        check(f.where().isEmpty() && f.labels().isEmpty() && f.value() == null, at, "type",
            "a subscription_mrr family has no where, labels or value: it is the sum of every user's current monthly price");
        check(f.divisor() == null && f.exportAs() == null && f.stale() == null && f.cardinalityCap() == null, at, "type",
            "a subscription_mrr family takes only name, type, from and help");
        check(f.windowed() == null || !f.windowed(), at, "windowed", "a subscription_mrr family is not published per window");
      }
      default -> { }
    }
    check(f.type() == FamilyDefinition.FamilyType.DISTINCT || f.windows() == null, at, "windows", "only for distinct families");
    check(f.type() == FamilyDefinition.FamilyType.DISTINCT || f.of() == null, at, "of", "only for distinct families");
    check(f.type() == FamilyDefinition.FamilyType.HISTOGRAM || f.buckets() == null, at, "buckets", "only for histograms");
    check(f.exportAs() == null || f.type() == FamilyDefinition.FamilyType.COUNTER
        || f.type() == FamilyDefinition.FamilyType.GAUGE, at, "export_as", "only for counters and gauges");
    check(f.divisorOrOne() > 0 && Double.isFinite(f.divisorOrOne()), at, "divisor", "must be a positive number");
    check(f.cardinalityCap() == null || f.cardinalityCap() > 0, at, "cardinality_cap", "must be positive");
    check(f.sumOver() == null || f.labels().containsKey(f.sumOver()), at, "sum_over", "'" + f.sumOver()
        + "' is not one of the labels " + f.labels().keySet());
    check(f.sumOver() == null || f.type() == FamilyDefinition.FamilyType.GAUGE, at, "sum_over", "only for gauges");
    for (String label : f.labels().keySet()) {
      check(LABEL_NAME.matcher(label).matches() && !label.startsWith("__"), at + "/labels/" + label, "",
          "'" + label + "' is not a label name Prometheus accepts ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
    }
  }

  private static boolean exportedAsCounter(FamilyDefinition f) {
    return f.exportAs() != null ? f.exportAs() == FamilyDefinition.ExportType.COUNTER
        : f.type() == FamilyDefinition.FamilyType.COUNTER;
  }

  /** The exposition reserves these suffixes for the series it derives (a counter's _total is added if missing). */
  private void checkSuffix(String name, boolean counter, String at, String field) {
    String base = counter && name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    for (String suffix : RESERVED_SUFFIXES) {
      check(!base.endsWith(suffix), at, field, "'" + name + "' ends in " + suffix + ", which the exposition reserves"
          + (suffix.equals("_total") ? " for counters" : ""));
    }
  }

  private Rule compile(FamilyDefinition f, String at, String fromAt, String typeName) {
    EventType<?> type = EventTypes.INPUTS.stream().filter(t -> t.name().equals(typeName)).findFirst().orElse(null);
    check(type != null, fromAt, "", "unknown event type '" + typeName + "' (known: " + typeNames() + ")");
    Schema schema = type.schema();
    List<Condition> where = new ArrayList<>();
    f.where().forEach((path, condition) -> {
      String wat = at + "/where/" + path;
      check(condition != null, wat, "", "a condition is required");
      try {
        where.add(Condition.compile(path(schema, path, wat, typeName), condition));
      } catch (PatternSyntaxException e) {
        throw error(wat, "", "invalid regex: " + e.getDescription());
      } catch (IllegalArgumentException e) {
        throw error(wat, "", e.getMessage());
      }
    });
    Map<String, LabelSource> labels = new LinkedHashMap<>();
    f.labels().forEach((name, def) -> {
      String lat = at + "/labels/" + name;
      check(def != null, lat, "", "a field path or {from, transform, template, default} is required");
      try {
        labels.put(name, LabelSource.compile(schema, def));
      } catch (IllegalArgumentException e) {
        throw error(lat, "", e.getMessage() + " (event type " + typeName + ")");
      }
    });
    FieldPath value = f.value() == null ? null : path(schema, f.value(), at + "/value", typeName);
    check(value == null || value.numeric(), at + "/value", "", "'" + f.value() + "' is not a number");
    FieldPath member = f.of() == null ? null : path(schema, f.of(), at + "/of", typeName);
    FieldPath trace = schema.getField("trace_id") == null ? null : FieldPath.compile(schema, "trace_id");
    return new Rule(f, type, where, labels, value, member, trace);
  }

  private FieldPath path(Schema schema, String path, String at, String typeName) {
    try {
      return FieldPath.compile(schema, path);
    } catch (IllegalArgumentException e) {
      throw error(at, "", "unknown field path '" + path + "' for event type " + typeName + ": " + e.getMessage());
    }
  }

  private void claim(Map<String, String> exported, String name, String at, String field) {
    String before = exported.putIfAbsent(name, at);
    check(before == null, at, field, "duplicate family '" + name + "' (first defined at line " + lines.line(
        before == null ? at : before) + ")");
  }

  private static List<String> typeNames() {
    return EventTypes.INPUTS.stream().map(EventType::name).toList();
  }

  private void check(boolean ok, String at, String field, String problem) {
    if (!ok) {
      throw error(at, field, problem);
    }
  }

  private MetricsConfigException error(String at, String field, String problem) {
    String pointer = field.isEmpty() ? at : at + "/" + field;
    String dotted = pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
    return new MetricsConfigException(source, lines.line(pointer), dotted, problem);
  }
}

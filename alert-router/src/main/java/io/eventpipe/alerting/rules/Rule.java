package io.eventpipe.alerting.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alerting rule: conditions joined with {@code and} (matched on their common group labels), held for
 * {@code for} before firing, with extra labels and templated annotations ({@code {{ $labels.x }}},
 * {@code {{ $value }}}, the value of the first condition).
 */
public record Rule(String alert, List<Condition> conditions, Duration holdFor, Map<String, String> labels,
    Map<String, String> annotations) {

  /**
   * What tells this rule apart from others with the same {@code alert} name (the usual warning/critical pair): its
   * name, labels, conditions and hold time. Active alerts are keyed by it, so each resolves with its own rule.
   */
  public String identity() {
    return alert + "/" + Integer.toHexString(java.util.Objects.hash(new TreeMap<>(labels).toString(),
        conditions.toString(), holdFor.toMillis()));
  }

  /** Label sets (group labels of all conditions joined) for which every condition holds, with the value. */
  public Map<Map<String, String>, Double> evaluate(List<SeriesHistory> series, long now) {
    Map<Map<String, String>, Double> result = conditions.get(0).evaluate(series, now);
    for (Condition next : conditions.subList(1, conditions.size())) {
      Map<Map<String, String>, Double> other = next.evaluate(series, now);
      Map<Map<String, String>, Double> joined = new TreeMap<>(Conditions.LABELS_ORDER);
      result.forEach((left, value) -> {
        for (Map<String, String> right : other.keySet()) {
          if (compatible(left, right)) {
            Map<String, String> union = new TreeMap<>(right);
            union.putAll(left);
            joined.put(union, value);
          }
        }
      });
      result = joined;
    }
    return result;
  }

  private static boolean compatible(Map<String, String> a, Map<String, String> b) {
    for (String key : new ArrayList<>(a.keySet())) {
      if (b.containsKey(key) && !b.get(key).equals(a.get(key))) {
        return false;
      }
    }
    return true;
  }
}

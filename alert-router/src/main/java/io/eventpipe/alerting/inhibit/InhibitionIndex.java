package io.eventpipe.alerting.inhibit;

import io.eventpipe.alerting.alert.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The firing source alerts of every inhibit rule at one moment, indexed by their values of the rule's
 * {@code equal} labels, so checking a target looks up one bucket per rule instead of every alert.
 */
public final class InhibitionIndex {
  private final List<InhibitRule> rules;
  private final List<Map<List<String>, List<Alert>>> sources = new ArrayList<>();

  InhibitionIndex(List<InhibitRule> rules, Iterable<Alert> alerts, long now) {
    this.rules = rules;
    for (InhibitRule rule : rules) {
      Map<List<String>, List<Alert>> byEqual = new HashMap<>();
      for (Alert a : alerts) {
        if (!a.resolvedAt(now) && rule.source().matches(a.labels())) {
          byEqual.computeIfAbsent(rule.equalValues(a.labels()), k -> new ArrayList<>()).add(a);
        }
      }
      sources.add(byEqual);
    }
  }

  /** The fingerprint of the first firing alert that inhibits {@code labels}, or null (Alertmanager's {@code Mutes}). */
  public String inhibitedBy(Map<String, String> labels) {
    for (int i = 0; i < rules.size(); i++) {
      InhibitRule rule = rules.get(i);
      if (sources.get(i).isEmpty() || !rule.target().matches(labels)) {
        continue;
      }
      List<Alert> candidates = sources.get(i).get(rule.equalValues(labels));
      if (candidates == null) {
        continue;
      }
      boolean bothSides = rule.source().matches(labels);
      for (Alert candidate : candidates) {
        // an alert matching both sides neither inhibits itself nor peers that also match both sides
        if (!(bothSides && rule.target().matches(candidate.labels()))) {
          return candidate.fingerprint();
        }
      }
    }
    return null;
  }
}

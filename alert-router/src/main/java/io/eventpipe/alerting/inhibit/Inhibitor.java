package io.eventpipe.alerting.inhibit;

import io.eventpipe.alerting.alert.Alert;
import java.util.List;
import java.util.Map;

/** Decides whether an alert is muted by a firing source alert of any inhibit rule (Alertmanager's {@code Mutes}). */
public final class Inhibitor {
  private final List<InhibitRule> rules;

  public Inhibitor(List<InhibitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Indexes the firing source alerts among {@code alerts} at {@code now}; build once, query for many targets. */
  public InhibitionIndex index(Iterable<Alert> alerts, long now) {
    return new InhibitionIndex(rules, alerts, now);
  }

  /** True when some rule's target side matches {@code labels} and a firing alert in {@code alerts} inhibits it. */
  public boolean mutes(Map<String, String> labels, Iterable<Alert> alerts, long now) {
    return inhibitedBy(labels, alerts, now) != null;
  }

  /** The fingerprint of the first alert that inhibits {@code labels}, or null. */
  public String inhibitedBy(Map<String, String> labels, Iterable<Alert> alerts, long now) {
    return index(alerts, now).inhibitedBy(labels);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }
}

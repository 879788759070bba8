package io.eventpipe.alerting.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert as Alertmanager keeps it: identity is its labels; times are epoch milliseconds (wall clock);
 * {@code endsAt} 0 means "no end known"; {@code timeout} marks an end time we set because the sender gave none.
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, long startsAt, long endsAt,
    String generatorURL, long updatedAt, boolean timeout) {

  public Alert {
    labels = new TreeMap<>(labels);
    annotations = annotations == null ? new TreeMap<>() : new TreeMap<>(annotations);
    generatorURL = generatorURL == null ? "" : generatorURL;
  }

  @JsonIgnore
  public String fingerprint() {
    return Fingerprint.hex(labels);
  }

  /** Resolved once its end time has passed (Alertmanager's {@code Alert.ResolvedAt(now)}). */
  public boolean resolvedAt(long now) {
    return endsAt != 0 && endsAt <= now;
  }

  public String name() {
    return labels.getOrDefault("alertname", "");
  }

  /**
   * Alertmanager's {@code Alert.Merge}: the younger update wins, the earliest start is kept, and a later explicit
   * end time (never a timeout one) overrides.
   */
  public Alert merge(Alert younger) {
    if (younger.updatedAt < updatedAt) {
      return younger.merge(this);
    }
    long start = Math.min(startsAt, younger.startsAt);
    long end = younger.endsAt;
    if (younger.resolvedAt(younger.updatedAt)) {
      if (resolvedAt(younger.updatedAt) && endsAt > younger.endsAt) {
        end = endsAt;
      }
    } else if (endsAt > younger.endsAt && !timeout && younger.endsAt != 0) {
      end = endsAt;
    }
    return new Alert(younger.labels, younger.annotations, start, end, younger.generatorURL, younger.updatedAt,
        younger.timeout);
  }

  /**
   * Whether an update for the same labels continues this alert (time ranges overlap) and so is merged into
   * it, or starts a new occurrence that replaces it (Alertmanager's provider {@code Put}).
   */
  public boolean overlaps(Alert update) {
    long end = endsAt == 0 ? Long.MAX_VALUE : endsAt;
    long updateEnd = update.endsAt == 0 ? Long.MAX_VALUE : update.endsAt;
    return (updateEnd > startsAt && updateEnd < end) || (update.startsAt > startsAt && update.startsAt < end);
  }
}

package io.eventpipe.alerting.inhibit;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Matchers;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code inhibit_rules} entry: a firing alert matching the source side mutes alerts matching the target side
 * that carry the same values for the {@code equal} labels (missing equals missing).
 */
public record InhibitRule(Matchers source, Matchers target, Set<String> equal) {

  /**
   * Whether {@code source} mutes an alert with {@code labels}; a source that also matches the target side cannot
   * mute an alert that matches both sides (Alertmanager's two-sided exclusion).
   */
  public boolean inhibits(Alert sourceAlert, Map<String, String> labels, boolean targetMatchesSourceSide, long now) {
    if (sourceAlert.resolvedAt(now) || !source.matches(sourceAlert.labels())) {
      return false;
    }
    for (String name : equal) {
      if (!Objects.equals(sourceAlert.labels().getOrDefault(name, ""), labels.getOrDefault(name, ""))) {
        return false;
      }
    }
    return !(targetMatchesSourceSide && target.matches(sourceAlert.labels()));
  }
}

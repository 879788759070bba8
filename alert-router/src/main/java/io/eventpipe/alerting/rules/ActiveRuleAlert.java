package io.eventpipe.alerting.rules;

import java.util.Map;

/** A rule alert that is pending or firing: since when its condition holds, and since when it fires (0 = pending). */
public record ActiveRuleAlert(Map<String, String> labels, long activeAt, long firedAt, double lastValue) {

  /** The same alert with the value of the latest evaluation (shown in the resolved notification too, as Prometheus does). */
  ActiveRuleAlert withValue(double value) {
    return new ActiveRuleAlert(labels, activeAt, firedAt, value);
  }
}

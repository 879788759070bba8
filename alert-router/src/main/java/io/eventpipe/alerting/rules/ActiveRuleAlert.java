package io.eventpipe.alerting.rules;

import java.util.Map;

/** A rule alert that is pending or firing: since when its condition holds, and since when it fires (0 = pending). */
public record ActiveRuleAlert(Map<String, String> labels, long activeAt, long firedAt) {}

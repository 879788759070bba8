package io.eventpipe.alerting.rules;

import java.util.List;

/** A named group of rules, as in a Prometheus rule file. */
public record RuleGroup(String name, List<Rule> rules) {}

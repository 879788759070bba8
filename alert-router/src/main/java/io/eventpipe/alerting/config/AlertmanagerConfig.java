package io.eventpipe.alerting.config;

import io.eventpipe.alerting.dispatch.Route;
import io.eventpipe.alerting.inhibit.InhibitRule;
import io.eventpipe.alerting.notify.Receiver;
import io.eventpipe.alerting.notify.Templates;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The parts of an alertmanager.yml the router honours: routing tree, receivers, inhibit rules, templates,
 * {@code global.resolve_timeout} and the routes' time intervals.
 */
public record AlertmanagerConfig(Route route, Map<String, Receiver> receivers, List<InhibitRule> inhibitRules,
    Templates templates, Duration resolveTimeout, RouteTimeIntervals timeIntervals) {

  public AlertmanagerConfig(Route route, Map<String, Receiver> receivers, List<InhibitRule> inhibitRules,
      Templates templates, Duration resolveTimeout) {
    this(route, receivers, inhibitRules, templates, resolveTimeout, RouteTimeIntervals.NONE);
  }
}

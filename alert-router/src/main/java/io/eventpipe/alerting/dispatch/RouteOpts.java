package io.eventpipe.alerting.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a route groups and times notifications: receiver, {@code group_by} ({@code '...'} = every label) and
 * the three timers. Children inherit what they do not set.
 */
public record RouteOpts(String receiver, Set<String> groupBy, boolean groupByAll, Duration groupWait,
    Duration groupInterval, Duration repeatInterval) {

  /** Alertmanager's defaults for the root route. */
  public static RouteOpts defaults(String receiver) {
    return new RouteOpts(receiver, Set.of(), false, Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofHours(4));
  }

  /** The labels that name an alert's group on this route. */
  public Map<String, String> groupLabels(Map<String, String> labels) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (groupByAll || groupBy.contains(label.getKey())) {
        out.put(label.getKey(), label.getValue());
      }
    }
    return out;
  }
}

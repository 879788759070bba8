package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Matchers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of the routing tree with Alertmanager's matching: a node that matches hands the alert to its first
 * matching child (and further children while they say {@code continue}); when no child matches, the node itself
 * is the match.
 *
 * @param id unique position in the tree ("0", "0.1", ...), which keeps sibling routes with equal matchers apart
 * @param key Alertmanager's route key (parent key + "/" + matchers), used in group keys
 */
public record Route(String id, String key, Matchers matchers, boolean continueMatching, RouteOpts opts,
    List<Route> routes) {

  public List<Route> match(Map<String, String> labels) {
    if (!matchers.matches(labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : routes) {
      List<Route> matches = child.match(labels);
      all.addAll(matches);
      if (!matches.isEmpty() && !child.continueMatching) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(this);
    }
    return all;
  }

  /** The route with this id, searching the subtree. */
  public Route find(String routeId) {
    if (id.equals(routeId)) {
      return this;
    }
    for (Route child : routes) {
      Route found = child.find(routeId);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}

package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.NotifiedAlert;
import io.eventpipe.alerting.notify.Receiver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alerts of one group on one route with Alertmanager's aggregation-group timers: first flush after
 * {@code group_wait} (at once for alerts older than that before the first flush), then every
 * {@code group_interval}; each flush mutes, dedups against the notification log per integration and emits the
 * notifications due; the log records a notification only once its receiver accepted it ({@link #delivered}), and
 * resolved alerts leave the group only after a flush whose notifications were all accepted. Plain data so it can
 * live in a state store.
 *
 * @param groupId route id + ":" + group labels: unique even for sibling routes with equal matchers
 * @param groupKey Alertmanager's group key (route key + ":" + group labels), shown to receivers
 */
public record AggrGroup(String groupId, String groupKey, String routeId, Map<String, String> groupLabels,
    Map<String, Alert> alerts, long nextFlushAt, boolean hasFlushed, Map<Integer, NflogEntry> nflog) {

  public static String groupId(Route route, Map<String, String> groupLabels) {
    return route.id() + ":" + labelsString(groupLabels);
  }

  public static AggrGroup create(Route route, Map<String, String> groupLabels, long now) {
    return new AggrGroup(groupId(route, groupLabels), route.key() + ":" + labelsString(groupLabels), route.id(),
        new TreeMap<>(groupLabels), new TreeMap<>(), now + route.opts().groupWait().toMillis(), false, new TreeMap<>());
  }

  /** Adds or replaces an alert; an alert already older than group_wait triggers the first flush at once. */
  public AggrGroup insert(Alert alert, RouteOpts opts, long now) {
    Map<String, Alert> next = new TreeMap<>(alerts);
    next.put(alert.fingerprint(), alert);
    long flushAt = nextFlushAt;
    // Alertmanager compares with the time of insertion, which for it is the time of receipt; the alert's own
    // receipt time (updatedAt) keeps our pipeline latency from making fresh alerts look old.
    long receivedAt = alert.updatedAt() > 0 ? Math.min(alert.updatedAt(), now) : now;
    if (!hasFlushed && alert.startsAt() + opts.groupWait().toMillis() < receivedAt) {
      flushAt = Math.min(flushAt, now);
    }
    return new AggrGroup(groupId, groupKey, routeId, groupLabels, next, flushAt, hasFlushed, nflog);
  }

  public boolean due(long now) {
    return nextFlushAt <= now;
  }

  public boolean isEmpty() {
    return alerts.isEmpty();
  }

  /**
   * The outcome of a flush: the group's next state (timer moved on; log entries written only for integrations
   * that needed an update with nothing to send; resolved alerts dropped only when nothing was sent), the
   * notifications to deliver, the log entry each integration gets once its receiver accepts, and the resolved
   * alerts (fingerprint to updatedAt) to drop once every notification was accepted.
   */
  public record Flush(AggrGroup group, List<Notification> notifications, Map<Integer, NflogEntry> pendingLog,
      Map<String, Long> resolvedSnapshot) {

    /** The group as it is once every notification of this flush was delivered. */
    public AggrGroup allDelivered() {
      AggrGroup g = group;
      for (Map.Entry<Integer, NflogEntry> e : pendingLog.entrySet()) {
        g = g.delivered(e.getKey(), e.getValue());
      }
      return g.removeResolved(resolvedSnapshot);
    }
  }

  public Flush flush(RouteOpts opts, Receiver receiver, Muter muter, long now) {
    List<Alert> sorted = new ArrayList<>(alerts.values());
    sorted.sort(AlertOrder.INSTANCE);
    List<Alert> visible = sorted.stream().filter(a -> !muter.mutes(a.labels(), now)).toList();
    Set<String> firing = new LinkedHashSet<>();
    Set<String> resolved = new LinkedHashSet<>();
    for (Alert a : visible) {
      (a.resolvedAt(now) ? resolved : firing).add(a.fingerprint());
    }
    Map<Integer, NflogEntry> log = new TreeMap<>(nflog);
    Map<Integer, NflogEntry> pending = new TreeMap<>();
    List<Notification> out = new ArrayList<>();
    List<IntegrationConfig> integrations = receiver.integrations();
    for (int i = 0; i < integrations.size(); i++) {
      IntegrationConfig integration = integrations.get(i);
      if (!NflogEntry.needsUpdate(nflog.get(i), firing, resolved, integration.sendResolved(),
          opts.repeatInterval().toMillis(), now)) {
        continue;
      }
      List<Alert> sent = integration.sendResolved() ? visible
          : visible.stream().filter(a -> !a.resolvedAt(now)).toList();
      NflogEntry entry = new NflogEntry(Set.copyOf(firing), Set.copyOf(resolved), now);
      if (sent.isEmpty()) {
        log.put(i, entry);
      } else {
        out.add(notification(receiver.name(), i, integration.type(), sent, now));
        pending.put(i, entry);
      }
    }
    Map<String, Long> resolvedSnapshot = new TreeMap<>();
    sorted.stream().filter(a -> a.resolvedAt(now)).forEach(a -> resolvedSnapshot.put(a.fingerprint(), a.updatedAt()));
    AggrGroup next = new AggrGroup(groupId, groupKey, routeId, groupLabels, alerts,
        now + opts.groupInterval().toMillis(), true, log);
    if (out.isEmpty()) {
      next = next.removeResolved(resolvedSnapshot);
    }
    return new Flush(next, out, pending, resolvedSnapshot);
  }

  /** Records in the notification log that integration {@code index} accepted a notification. */
  /**
   * The group after a flush that a time interval muted: nothing sent, nothing logged, the next flush one
   * {@code group_interval} later (Alertmanager's TimeMuteStage/TimeActiveStage stop the pipeline before the log).
   */
  public AggrGroup mutedFlush(RouteOpts opts, long now) {
    return new AggrGroup(groupId, groupKey, routeId, groupLabels, alerts, now + opts.groupInterval().toMillis(), true,
        nflog);
  }

  public AggrGroup delivered(int index, NflogEntry entry) {
    Map<Integer, NflogEntry> log = new TreeMap<>(nflog);
    log.put(index, entry);
    return new AggrGroup(groupId, groupKey, routeId, groupLabels, alerts, nextFlushAt, hasFlushed, log);
  }

  /** Drops the resolved alerts of a delivered flush that have not been updated since (fingerprint to updatedAt). */
  public AggrGroup removeResolved(Map<String, Long> snapshot) {
    if (snapshot.isEmpty()) {
      return this;
    }
    Map<String, Alert> remaining = new TreeMap<>(alerts);
    snapshot.forEach((fingerprint, updatedAt) -> {
      Alert current = remaining.get(fingerprint);
      if (current != null && current.updatedAt() == updatedAt) {
        remaining.remove(fingerprint);
      }
    });
    return new AggrGroup(groupId, groupKey, routeId, groupLabels, remaining, nextFlushAt, hasFlushed, nflog);
  }

  private Notification notification(String receiver, int index, String type, List<Alert> sent, long now) {
    boolean anyFiring = sent.stream().anyMatch(a -> !a.resolvedAt(now));
    List<NotifiedAlert> notified = sent.stream().map(a -> new NotifiedAlert(a.resolvedAt(now) ? "resolved" : "firing",
        a.labels(), a.annotations(), a.startsAt(), a.endsAt(), a.generatorURL(), a.fingerprint())).toList();
    return new Notification(groupId + "/" + receiver + "/" + index + "@" + now, groupId, groupKey, receiver, index,
        type, anyFiring ? "firing" : "resolved", groupLabels, common(sent, true), common(sent, false), notified, now);
  }

  private static Map<String, String> common(List<Alert> alerts, boolean labels) {
    Map<String, String> common = new HashMap<>(labels ? alerts.get(0).labels() : alerts.get(0).annotations());
    for (Alert a : alerts) {
      Map<String, String> m = labels ? a.labels() : a.annotations();
      common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
    }
    return new TreeMap<>(common);
  }

  /** Prometheus' {@code LabelSet.String()}: {@code {a="1", b="2"}} sorted by name. */
  public static String labelsString(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(labels).forEach((k, v) -> {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    });
    return out.append('}').toString();
  }
}

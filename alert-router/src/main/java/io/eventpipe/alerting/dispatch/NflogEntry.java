package io.eventpipe.alerting.dispatch;

import java.util.Set;

/**
 * The notification log entry of one group and integration: which alerts were firing and resolved at the last
 * notification and when it was sent (Alertmanager's {@code nflogpb.Entry}).
 */
public record NflogEntry(Set<String> firing, Set<String> resolved, long timestamp) {

  /**
   * Alertmanager's {@code DedupStage.needsUpdate}: notify for new firing alerts, for all-resolved after firing,
   * for newly resolved ones when {@code send_resolved}, otherwise only once {@code repeat} has passed.
   */
  public static boolean needsUpdate(NflogEntry entry, Set<String> firing, Set<String> resolved, boolean sendResolved,
      long repeatMillis, long now) {
    if (entry == null) {
      return !firing.isEmpty();
    }
    if (!entry.firing.containsAll(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return !entry.firing.isEmpty();
    }
    if (sendResolved && !entry.resolved.containsAll(resolved)) {
      return true;
    }
    return entry.timestamp < now - repeatMillis;
  }
}

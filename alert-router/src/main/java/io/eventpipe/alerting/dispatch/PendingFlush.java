package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.notify.DeliveryOutcome;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A flush whose notifications are being delivered: the notification-log entries to write for each integration
 * once its receiver accepts, and the resolved alerts (fingerprint to updatedAt) to drop once all have accepted
 * (Alertmanager's {@code DeleteIfNotModified} after a successful flush). Held in memory only: if the instance
 * dies first, nothing is logged and the next owner sends again (at least once).
 */
final class PendingFlush {
  private final long flushedAt;
  private final Map<Integer, NflogEntry> entries;
  private final Map<String, Long> resolved;
  private final Set<Integer> outstanding;
  private boolean failed;

  PendingFlush(AggrGroup.Flush flush, long flushedAt) {
    this.flushedAt = flushedAt;
    this.entries = flush.pendingLog();
    this.resolved = flush.resolvedSnapshot();
    this.outstanding = new HashSet<>(entries.keySet());
  }

  /** Whether the outcome answers this flush (and not an earlier one of the same group). */
  boolean answers(DeliveryOutcome outcome) {
    return outcome.notification().createdAt() == flushedAt
        && outstanding.contains(outcome.notification().integrationIndex());
  }

  /** Applies one outcome to the group; returns the group as it should be stored. */
  AggrGroup apply(AggrGroup group, DeliveryOutcome outcome) {
    int index = outcome.notification().integrationIndex();
    outstanding.remove(index);
    if (!outcome.delivered()) {
      failed = true;
      return group;
    }
    return group.delivered(index, entries.get(index));
  }

  boolean complete() {
    return outstanding.isEmpty();
  }

  boolean allDelivered() {
    return !failed;
  }

  Map<String, Long> resolved() {
    return resolved;
  }
}

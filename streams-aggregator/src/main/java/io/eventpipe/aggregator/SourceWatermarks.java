package io.eventpipe.aggregator;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * How far in event time every input partition of one upstream task has progressed: the task's watermark is the
 * minimum over its partitions of the newest event time seen there. A partition that has shown nothing for the idle
 * timeout (wall clock) stops holding the others back: it counts as at least {@code now - idleTimeout}, so quiet live
 * traffic and the end of a backlog still close windows. Held in memory only: after a restart it starts again from
 * nothing, which can only delay closing, never close early.
 */
final class SourceWatermarks {
  private final Set<TopicPartition> inputs;
  private final long idleTimeout;
  private final long startedAt;
  private final Map<TopicPartition, long[]> seen = new HashMap<>();
  private long emitted = Long.MIN_VALUE;

  /**
   * @param inputs every partition this task reads (a partition never seen holds the watermark back until idle)
   * @param startedAt wall-clock time the task started
   */
  SourceWatermarks(Set<TopicPartition> inputs, long idleTimeoutMs, long startedAt) {
    this.inputs = Set.copyOf(inputs);
    this.idleTimeout = idleTimeoutMs;
    this.startedAt = startedAt;
  }

  /** An accepted event of {@code partition} with this event time, processed at wall-clock {@code now}. */
  void observe(TopicPartition partition, long eventTime, long now) {
    long[] state = seen.computeIfAbsent(partition, p -> new long[] {Long.MIN_VALUE, now});
    state[0] = Math.max(state[0], eventTime);
    state[1] = now;
  }

  /** The task's watermark at wall-clock {@code now}; {@link Long#MIN_VALUE} while some partition holds it back. */
  long watermark(long now) {
    long idleFloor = now - idleTimeout;
    long min = Long.MAX_VALUE;
    for (TopicPartition partition : inputs) {
      long[] state = seen.get(partition);
      long lastActivity = state == null ? startedAt : state[1];
      long newest = state == null ? Long.MIN_VALUE : state[0];
      long effective = now - lastActivity >= idleTimeout ? Math.max(newest, idleFloor) : newest;
      min = Math.min(min, effective);
    }
    return min == Long.MAX_VALUE ? idleFloor : min;
  }

  /**
   * The watermark to announce now if it moved past the last one announced, else {@link Long#MIN_VALUE}. Announced
   * watermarks never go back.
   */
  long advance(long now) {
    long current = watermark(now);
    if (current > emitted) {
      emitted = current;
      return current;
    }
    return Long.MIN_VALUE;
  }
}

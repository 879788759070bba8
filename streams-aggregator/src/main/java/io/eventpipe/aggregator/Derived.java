package io.eventpipe.aggregator;

import java.util.List;

/**
 * The metric deltas of one input record. {@code eventTime} is the accepted event's time, which advances its
 * partition's watermark; a refused record (only its dead-letter count) has {@link #REFUSED} and moves no clock.
 */
record Derived(List<Delta> deltas, long eventTime) {
  static final long REFUSED = Long.MIN_VALUE;

  boolean accepted() {
    return eventTime != REFUSED;
  }
}

package io.eventpipe.aggregator;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one input record becomes: its metric deltas, its original bytes and, for an accepted event, the event and its
 * time (which advances its partition's watermark); a refused record (bytes bound for the dead-letter topic) has only
 * its dead-letter count as deltas and {@link #REFUSED} as time, so it moves no clock.
 */
record Derived(List<Delta> deltas, long eventTime, SpecificRecord event, byte[] bytes) {
  static final long REFUSED = Long.MIN_VALUE;

  static Derived accepted(SpecificRecord event, long eventTime, List<Delta> deltas, byte[] bytes) {
    return new Derived(deltas, eventTime, event, bytes);
  }

  static Derived refused(byte[] bytes, Delta deadLetterCount) {
    return new Derived(List.of(deadLetterCount), REFUSED, null, bytes);
  }

  boolean accepted() {
    return event != null;
  }
}

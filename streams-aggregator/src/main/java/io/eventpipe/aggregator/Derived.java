package io.eventpipe.aggregator;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one input record becomes: its metric deltas and, for an accepted event, the event and its time (which
 * advances its partition's watermark); a refused record has its original bytes (bound for the dead-letter topic),
 * only its dead-letter count as deltas, and {@link #REFUSED} as time, so it moves no clock.
 */
record Derived(List<Delta> deltas, long eventTime, SpecificRecord event, byte[] refusedBytes) {
  static final long REFUSED = Long.MIN_VALUE;

  static Derived accepted(SpecificRecord event, long eventTime, List<Delta> deltas) {
    return new Derived(deltas, eventTime, event, null);
  }

  static Derived refused(byte[] bytes, Delta deadLetterCount) {
    return new Derived(List.of(deadLetterCount), REFUSED, null, bytes);
  }

  boolean accepted() {
    return refusedBytes == null;
  }
}

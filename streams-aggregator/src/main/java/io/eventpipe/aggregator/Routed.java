package io.eventpipe.aggregator;

import io.eventpipe.schemas.codec.FailureReason;

/** A decoded input record: an accepted event, or the original bytes refused with a reason. */
sealed interface Routed<T> {

  /** A valid event. */
  record Accepted<T>(T event) implements Routed<T> {}

  /** A record bound for the dead-letter topic; {@code timestamp} is the record's own timestamp. */
  record Refused<T>(byte[] bytes, FailureReason reason, long timestamp) implements Routed<T> {}
}

package io.eventpipe.producers;

/**
 * A snapshot of a publisher's accounting. Every recorded event is exactly one of: dropped, or accepted;
 * every accepted event ends as sent or failed, and until then is pending.
 */
public record PublisherStats(long recorded, long accepted, long dropped, long sent, long failed) {

  /** Accepted events not yet acknowledged or failed (in the buffer or inside the Kafka producer). */
  public long pending() {
    return accepted - sent - failed;
  }
}

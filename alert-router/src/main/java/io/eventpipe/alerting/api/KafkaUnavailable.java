package io.eventpipe.alerting.api;

/** Kafka did not take a write (unreachable, or no acknowledgement in time): answered 503 so the client retries. */
final class KafkaUnavailable extends RuntimeException {
  KafkaUnavailable(String message) {
    super(message);
  }
}

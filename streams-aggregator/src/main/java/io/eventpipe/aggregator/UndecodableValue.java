package io.eventpipe.aggregator;

/**
 * A state store value this release cannot read: restored from a changelog that another version wrote, or corrupt.
 * Thrown by {@link TaskCache} with the key and the stored bytes, so the processor can dead-letter the value as it was
 * stored and go on without it, rather than fail the task on every record that touches the key.
 */
final class UndecodableValue extends RuntimeException {
  private final String store;
  private final String key;
  private final transient byte[] bytes;

  UndecodableValue(String store, String key, byte[] bytes, Throwable cause) {
    super(store + " store value of " + key + ": " + cause.getMessage(), cause, false, false);
    this.store = store;
    this.key = key;
    this.bytes = bytes;
  }

  /** The store's changelog topic, as Kafka Streams names it: where the value came from. */
  String changelog(String applicationId) {
    return applicationId + "-" + store + "-changelog";
  }

  String key() {
    return key;
  }

  byte[] bytes() {
    return bytes;
  }
}

package io.eventpipe.schemas.codec;

/** The outcome of decoding one record: the event, or a failure saying why. Decoding never throws. */
public sealed interface Decoded<T> {

  /** A decoded, valid event. */
  record Ok<T>(T event) implements Decoded<T> {}

  /** A record that is not a valid event; {@code detail} is human-readable and names the field when there is one. */
  record Failure<T>(FailureReason reason, String detail) implements Decoded<T> {}

  static <T> Decoded<T> ok(T event) {
    return new Ok<>(event);
  }

  static <T> Decoded<T> failure(FailureReason reason, String detail) {
    return new Failure<>(reason, detail);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The event; throws if this is a failure. */
  default T event() {
    if (this instanceof Ok<T> ok) {
      return ok.event();
    }
    Failure<T> failure = (Failure<T>) this;
    throw new IllegalStateException("not an event: " + failure.reason() + ": " + failure.detail());
  }
}

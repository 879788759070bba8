package io.eventpipe.alerting.notify;

import java.time.Duration;

/**
 * A failed delivery attempt: whether trying again can help (timeouts, 429, 5xx) and how long the receiver asked
 * us to wait ({@code Retry-After}), if it did.
 */
public final class DeliveryException extends Exception {
  private final boolean retryable;
  private final Duration retryAfter;

  public DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The receiver's requested delay, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

package io.eventpipe.alerting.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Timeouts, retries and lanes: each attempt is bounded by {@code timeout}; up to {@code maxAttempts} attempts
 * (never past the flush's deadline), waiting {@code initialBackoff * 2^(n-1)} capped at {@code maxBackoff} with
 * ±20% jitter between them, or longer when the receiver sent {@code Retry-After}. Every integration of every
 * receiver has its own lane of {@code lanesPerIntegration} workers and a queue of {@code queueCapacity}.
 */
public record DeliveryPolicy(Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    int lanesPerIntegration, int queueCapacity) {

  public DeliveryPolicy {
    if (maxAttempts < 1 || lanesPerIntegration < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("maxAttempts, lanesPerIntegration and queueCapacity must be at least 1");
    }
  }

  public DeliveryPolicy(Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this(timeout, maxAttempts, initialBackoff, maxBackoff, 4, 10_000);
  }

  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(Duration.ofSeconds(10), 8, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
  public Duration backoff(int attempt, Duration retryAfter) {
    double base = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * Math.pow(2, attempt - 1));
    long jittered = (long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    if (retryAfter != null && retryAfter.toMillis() > jittered) {
      return retryAfter.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : retryAfter;
    }
    return Duration.ofMillis(jittered);
  }
}

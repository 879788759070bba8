package io.eventpipe.alerting.notify;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one integration of one receiver: notifications queue here and are attempted with the policy's
 * retries until accepted, refused for good, out of attempts or past their deadline, so a receiver that hangs
 * delays only its own lane. Nothing a delivery throws ends a worker; every submission is answered exactly once.
 */
final class DeliveryLane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLane.class);

  private final String receiver;
  private final int index;
  private final Integration integration;
  private final DeliveryPolicy policy;
  private final NotifierMetrics metrics;
  private final NotificationDeadLetters deadLetters;
  private final LongSupplier clock;
  private final ThreadPoolExecutor workers;
  private final ConcurrentSkipListMap<Long, Long> undelivered = new ConcurrentSkipListMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean closed;

  DeliveryLane(String receiver, int index, Integration integration, DeliveryPolicy policy, NotifierMetrics metrics,
      NotificationDeadLetters deadLetters, LongSupplier clock) {
    this.receiver = receiver;
    this.index = index;
    this.integration = integration;
    this.policy = policy;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "alert-router-deliver-" + receiver + "-" + index + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.workers = new ThreadPoolExecutor(policy.lanesPerIntegration(), policy.lanesPerIntegration(), 1,
        TimeUnit.MINUTES, new LinkedBlockingQueue<>(policy.queueCapacity()), threads);
  }

  /** Queues a delivery; a full queue or a closed lane answers at once with a failure. */
  void submit(Notification n, long deadline, Consumer<DeliveryOutcome> done) {
    long id = sequence.incrementAndGet();
    undelivered.put(id, clock.getAsLong());
    Consumer<DeliveryOutcome> once = answerOnce(id, done);
    if (closed) {
      once.accept(DeliveryOutcome.failed(n, "notifier is shutting down"));
      return;
    }
    try {
      workers.execute(() -> deliver(n, deadline, once));
    } catch (RejectedExecutionException e) {
      metrics.count(NotifierMetrics.DEAD_LETTERED, n);
      String error = "delivery queue of " + receiver + "/" + index + " is full (" + policy.queueCapacity() + ")";
      once.accept(DeliveryOutcome.failed(n, error));
      deadLetters.write(n, "queue-full", error);
    }
  }

  private Consumer<DeliveryOutcome> answerOnce(long id, Consumer<DeliveryOutcome> done) {
    AtomicBoolean answered = new AtomicBoolean();
    return outcome -> {
      if (answered.compareAndSet(false, true)) {
        undelivered.remove(id);
        try {
          done.accept(outcome);
        } catch (RuntimeException e) {
          LOG.error("delivery outcome of {} could not be recorded: {}", outcome.notification().id(), e.toString());
        }
      }
    };
  }

  private void deliver(Notification n, long deadline, Consumer<DeliveryOutcome> done) {
    String error = "not attempted";
    try {
      for (int attempt = 1; ; attempt++) {
        DeliveryException failure;
        try {
          integration.send(n);
          metrics.count(NotifierMetrics.SENT, n);
          done.accept(DeliveryOutcome.delivered(n));
          return;
        } catch (DeliveryException e) {
          failure = e;
        } catch (RuntimeException e) {
          failure = new DeliveryException(n.integration() + ": " + e, false, null, e);
        }
        metrics.count(NotifierMetrics.FAILED, n);
        error = failure.getMessage();
        long wait = policy.backoff(attempt, failure.retryAfter()).toMillis();
        if (!failure.retryable() || attempt >= policy.maxAttempts() || closed || clock.getAsLong() + wait > deadline) {
          LOG.warn("notification {} to {}/{} failed after {} attempts (retried at the group's next flush): {}",
              n.id(), receiver, n.integration(), attempt, error);
          metrics.count(NotifierMetrics.DEAD_LETTERED, n);
          done.accept(DeliveryOutcome.failed(n, error));
          deadLetters.write(n, "delivery-failed", error);
          return;
        }
        metrics.count(NotifierMetrics.RETRIED, n);
        Thread.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.accept(DeliveryOutcome.failed(n, "interrupted while shutting down after: " + error));
    } catch (Throwable e) { // never let a delivery end the worker without an answer
      LOG.error("delivery of {} to {}/{} broke: {}", n.id(), receiver, index, e.toString(), e);
      done.accept(DeliveryOutcome.failed(n, e.getClass().getSimpleName()));
    }
  }

  /** Notifications queued or being attempted. */
  int depth() {
    return undelivered.size();
  }

  /** Seconds since the oldest undelivered notification was submitted; 0 when none. */
  double oldestUndeliveredSeconds() {
    var oldest = undelivered.firstEntry();
    return oldest == null ? 0 : Math.max(0, clock.getAsLong() - oldest.getValue()) / 1000.0;
  }

  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

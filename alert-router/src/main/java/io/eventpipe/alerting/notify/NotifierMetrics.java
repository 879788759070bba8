package io.eventpipe.alerting.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Delivery counters by receiver and integration: sent, failed attempts, retries, and dead-lettered. */
final class NotifierMetrics {
  static final String SENT = "alert_router_notifications_sent_total";
  static final String FAILED = "alert_router_notification_attempts_failed_total";
  static final String RETRIED = "alert_router_notification_retries_total";
  static final String DEAD_LETTERED = "alert_router_notifications_dead_lettered_total";

  private final MeterRegistry registry;

  NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(String name, Notification n) {
    Counter.builder(name.replace("_total", "")).tag("receiver", n.receiver()).tag("integration", n.integration())
        .register(registry).increment();
  }
}

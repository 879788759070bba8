package io.eventpipe.alerting.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivery series by receiver and integration: sent, failed attempts, retries and dead-lettered counters, and per
 * lane the queue depth and the age of the oldest undelivered notification.
 */
final class NotifierMetrics {
  static final String SENT = "alert_router_notifications_sent_total";
  static final String FAILED = "alert_router_notification_attempts_failed_total";
  static final String RETRIED = "alert_router_notification_retries_total";
  static final String DEAD_LETTERED = "alert_router_notifications_dead_lettered_total";
  static final String QUEUE_DEPTH = "alert_router_notification_queue_depth";
  static final String OLDEST = "alert_router_notification_oldest_undelivered_seconds";

  private final MeterRegistry registry;

  NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(String name, Notification n) {
    Counter.builder(name.replace("_total", "")).tag("receiver", n.receiver()).tag("integration", n.integration())
        .register(registry).increment();
  }

  void lane(String receiver, String integration, int index, DeliveryLane lane) {
    String i = Integer.toString(index);
    Gauge.builder(QUEUE_DEPTH, lane, DeliveryLane::depth).description("notifications queued or in delivery")
        .tag("receiver", receiver).tag("integration", integration).tag("index", i).register(registry);
    Gauge.builder(OLDEST, lane, DeliveryLane::oldestUndeliveredSeconds)
        .description("age of the oldest notification not yet delivered").tag("receiver", receiver)
        .tag("integration", integration).tag("index", i).register(registry);
  }
}

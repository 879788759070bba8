package io.eventpipe.alerting.notify;

import java.util.function.Consumer;

/**
 * Takes a notification a group's timer decided and reports exactly once, from any thread, whether its receiver
 * accepted it before {@code deadlineMillis} (epoch ms); the group logs it only then.
 */
@FunctionalInterface
public interface NotificationSink {
  void submit(Notification notification, long deadlineMillis, Consumer<DeliveryOutcome> done);
}

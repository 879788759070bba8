package io.eventpipe.alerting.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the notifications the group timers decide, in the instance that owns the group: one
 * {@link DeliveryLane} per receiver integration, so a slow or hanging receiver delays only itself. Given-up
 * deliveries go to the notification dead-letter topic; the group retries them at its next flush because only
 * accepted notifications are logged (Alertmanager's notification log). There is no loop that can end: lanes
 * answer every submission and survive whatever a delivery throws.
 */
public final class Notifier implements NotificationSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final Map<String, List<DeliveryLane>> lanes = new HashMap<>();
  private final NotificationDeadLetters deadLetters;
  private volatile boolean draining;

  public Notifier(Map<String, Receiver> receivers, Templates templates, String externalUrl, DeliveryPolicy policy,
      MeterRegistry registry, NotificationDeadLetters deadLetters, LongSupplier clock) {
    this.deadLetters = deadLetters;
    NotifierMetrics metrics = new NotifierMetrics(registry);
    receivers.forEach((name, receiver) -> {
      List<DeliveryLane> list = new ArrayList<>();
      for (IntegrationConfig config : receiver.integrations()) {
        DeliveryLane lane = new DeliveryLane(name, list.size(),
            Integrations.of(config, templates, externalUrl, policy.timeout()), policy, metrics, deadLetters, clock);
        metrics.lane(name, config.type(), list.size(), lane);
        list.add(lane);
      }
      lanes.put(name, list);
    });
  }

  @Override
  public void submit(Notification n, long deadlineMillis, Consumer<DeliveryOutcome> done) {
    if (draining) {
      done.accept(DeliveryOutcome.failed(n, "instance is shutting down; the group's next owner sends it"));
      return;
    }
    List<DeliveryLane> list = lanes.get(n.receiver());
    if (list == null || n.integrationIndex() >= list.size()) {
      String error = "receiver " + n.receiver() + " integration " + n.integrationIndex()
          + " is not in the current config";
      LOG.warn("notification {}: {}", n.id(), error);
      deadLetters.write(n, "unknown-receiver", error);
      done.accept(DeliveryOutcome.failed(n, error));
      return;
    }
    list.get(n.integrationIndex()).submit(n, deadlineMillis, done);
  }

  /**
   * Takes no new notifications (answered as failed, so they stay unlogged for the group's next owner) and waits up
   * to {@code timeout} for those in delivery to end, so their outcomes reach the groups before the topology
   * commits and closes: a graceful stop sends nothing twice.
   */
  public void drain(java.time.Duration timeout) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lanes.values().stream().flatMap(List::stream).anyMatch(l -> l.depth() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Stops every lane; deliveries still in flight are abandoned and, unlogged, sent again after a restart. */
  @Override
  public void close() {
    lanes.values().forEach(list -> list.forEach(DeliveryLane::close));
    deadLetters.close();
  }
}

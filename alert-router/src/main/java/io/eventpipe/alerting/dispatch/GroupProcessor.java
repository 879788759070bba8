package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.config.RouteTimeIntervals;
import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.AlertStateStore;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.notify.DeliveryOutcome;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.NotificationSink;
import io.eventpipe.alerting.notify.Receiver;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.alerting.silence.SilenceStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the aggregation groups of its partitions (input keyed by group id): inserts routed alerts and, on a short
 * wall-clock tick, flushes the groups whose timer is due (found through a {@link FlushIndex}, not a scan),
 * handing their notifications to the sink. A notification enters the group's log only when the sink reports it
 * accepted; one that failed is decided again at the next flush ({@code group_interval} later), as Alertmanager
 * does. While a group's notifications are in delivery its next flush waits for them.
 */
public final class GroupProcessor implements Processor<String, RoutedAlert, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(GroupProcessor.class);
  public static final String STORE = "alert-groups";
  /** Alertmanager's {@code notify.MinTimeout}: a flush's deliveries get at least this long. */
  static final Duration MIN_DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  private final Route root;
  private final Map<String, Receiver> receivers;
  private final Duration tick;
  private final Inhibitor inhibitor;
  private final NotificationSink sink;
  private final FlushIndex index = new FlushIndex();
  private final Map<String, PendingFlush> inFlight = new HashMap<>();
  private final Queue<DeliveryOutcome> outcomes = new ConcurrentLinkedQueue<>();
  private KeyValueStore<String, AggrGroup> store;
  private final RouteTimeIntervals timeIntervals;
  private ProcessorContext<Void, Void> context;
  private ReadOnlyKeyValueStore<String, Silence> silences;
  private ReadOnlyKeyValueStore<String, Alert> alertStates;

  public GroupProcessor(Route root, Map<String, Receiver> receivers, Inhibitor inhibitor, Duration tick,
      NotificationSink sink) {
    this(root, receivers, inhibitor, tick, sink, RouteTimeIntervals.NONE);
  }

  /** @param timeIntervals the routes' mute_time_intervals and active_time_intervals */
  public GroupProcessor(Route root, Map<String, Receiver> receivers, Inhibitor inhibitor, Duration tick,
      NotificationSink sink, RouteTimeIntervals timeIntervals) {
    this.timeIntervals = timeIntervals;
    this.root = root;
    this.receivers = receivers;
    this.inhibitor = inhibitor;
    this.tick = tick;
    this.sink = sink;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.silences = context.getStateStore(SilenceStore.NAME);
    this.alertStates = context.getStateStore(AlertStateStore.NAME);
    try (KeyValueIterator<String, AggrGroup> all = store.all()) {
      all.forEachRemaining(kv -> index.schedule(kv.key, kv.value.nextFlushAt()));
    }
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, RoutedAlert> record) {
    Route route = root.find(record.value().routeId());
    if (route == null) {
      LOG.warn("alert {} routed to route {} which the current config does not have; dropped",
          record.value().alert().fingerprint(), record.value().routeId());
      return;
    }
    long now = context.currentSystemTimeMs();
    AggrGroup group = store.get(record.key());
    if (group == null) {
      group = AggrGroup.create(route, route.opts().groupLabels(record.value().alert().labels()), now);
    }
    AggrGroup next = group.insert(record.value().alert(), route.opts(), now);
    store.put(record.key(), next);
    if (!inFlight.containsKey(record.key())) {
      index.schedule(record.key(), next.nextFlushAt());
    }
  }

  /** Applies delivery outcomes, flushes what is due, then applies outcomes that came back at once. */
  private void tick(long now) {
    applyOutcomes();
    flushDue(now);
    applyOutcomes();
  }

  private void flushDue(long now) {
    List<String> due = index.pollDue(now);
    if (due.isEmpty()) {
      return;
    }
    Muter muter = StoreMuter.snapshot(silences, alertStates, inhibitor, now);
    for (String groupId : due) {
      PendingFlush pending = inFlight.get(groupId);
      if (pending != null) {
        continue; // rescheduled when its deliveries end
      }
      AggrGroup group = store.get(groupId);
      if (group == null) {
        continue;
      }
      if (!group.due(now)) {
        index.schedule(groupId, group.nextFlushAt());
        continue;
      }
      flush(groupId, group, muter, now);
    }
  }

  private void flush(String groupId, AggrGroup group, Muter muter, long now) {
    Route route = root.find(group.routeId());
    if (route == null) {
      LOG.warn("group {} belongs to a route the current config does not have; dropped", group.groupKey());
      store.delete(groupId);
      return;
    }
    RouteOpts opts = route.opts();
    if (timeIntervals.muted(group.routeId(), java.time.Instant.ofEpochMilli(now))) {
      save(groupId, group.mutedFlush(opts, now));
      return;
    }
    AggrGroup.Flush flush = group.flush(opts, receivers.get(opts.receiver()), muter, now);
    if (!flush.notifications().isEmpty()) {
      inFlight.put(groupId, new PendingFlush(flush, now));
    }
    save(groupId, flush.group());
    if (flush.notifications().isEmpty()) {
      return;
    }
    long deadline = now + Math.max(opts.groupInterval().toMillis(), MIN_DELIVERY_TIMEOUT.toMillis());
    for (Notification n : flush.notifications()) {
      sink.submit(n, deadline, outcomes::offer);
    }
  }

  private void applyOutcomes() {
    for (DeliveryOutcome outcome; (outcome = outcomes.poll()) != null; ) {
      String groupId = outcome.notification().groupId();
      PendingFlush pending = inFlight.get(groupId);
      if (pending == null || !pending.answers(outcome)) {
        continue;
      }
      AggrGroup group = store.get(groupId);
      if (group == null) {
        inFlight.remove(groupId);
        continue;
      }
      group = pending.apply(group, outcome);
      if (pending.complete()) {
        inFlight.remove(groupId);
        if (pending.allDelivered()) {
          group = group.removeResolved(pending.resolved());
        }
      }
      save(groupId, group);
    }
  }

  /**
   * Stores the group, or deletes it once it holds no alerts; a group not in delivery is (re)indexed at its timer,
   * which for a group whose timer passed during delivery means the next tick.
   */
  private void save(String groupId, AggrGroup group) {
    if (group.isEmpty()) {
      store.delete(groupId);
      index.remove(groupId);
      return;
    }
    store.put(groupId, group);
    if (!inFlight.containsKey(groupId)) {
      index.schedule(groupId, group.nextFlushAt());
    }
  }
}

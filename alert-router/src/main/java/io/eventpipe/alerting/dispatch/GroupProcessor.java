package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.AlertStateStore;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.Receiver;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.alerting.silence.SilenceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
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
 * Owns the aggregation groups of its partitions (input keyed by group id): inserts routed alerts and, on a
 * wall-clock tick, flushes the groups whose timer is due, emitting their notifications in the same transaction
 * that records them in the group's notification log.
 */
public final class GroupProcessor implements Processor<String, RoutedAlert, String, Notification> {
  private static final Logger LOG = LoggerFactory.getLogger(GroupProcessor.class);
  public static final String STORE = "alert-groups";

  private final Route root;
  private final Map<String, Receiver> receivers;
  private final Duration tick;
  private final Inhibitor inhibitor;
  private KeyValueStore<String, AggrGroup> store;
  private ProcessorContext<String, Notification> context;
  private ReadOnlyKeyValueStore<String, Silence> silences;
  private ReadOnlyKeyValueStore<String, Alert> alertStates;

  public GroupProcessor(Route root, Map<String, Receiver> receivers, Inhibitor inhibitor, Duration tick) {
    this.root = root;
    this.receivers = receivers;
    this.inhibitor = inhibitor;
    this.tick = tick;
  }

  @Override
  public void init(ProcessorContext<String, Notification> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.silences = context.getStateStore(SilenceStore.NAME);
    this.alertStates = context.getStateStore(AlertStateStore.NAME);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::flushDue);
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
    store.put(record.key(), group.insert(record.value().alert(), route.opts(), now));
  }

  private void flushDue(long now) {
    List<KeyValue<String, AggrGroup>> due = new ArrayList<>();
    try (KeyValueIterator<String, AggrGroup> all = store.all()) {
      all.forEachRemaining(kv -> {
        if (kv.value.due(now)) {
          due.add(kv);
        }
      });
    }
    if (due.isEmpty()) {
      return;
    }
    Muter muter = StoreMuter.snapshot(silences, alertStates, inhibitor, now);
    for (KeyValue<String, AggrGroup> kv : due) {
      Route route = root.find(kv.value.routeId());
      if (route == null) {
        LOG.warn("group {} belongs to a route the current config does not have; dropped", kv.value.groupKey());
        store.delete(kv.key);
        continue;
      }
      AggrGroup.Flush flush = kv.value.flush(route.opts(), receivers.get(route.opts().receiver()), muter, now);
      for (Notification n : flush.notifications()) {
        context.forward(new Record<>(n.groupId() + "/" + n.receiver() + "/" + n.integrationIndex(), n, now));
      }
      if (flush.group().isEmpty()) {
        store.delete(kv.key);
      } else {
        store.put(kv.key, flush.group());
      }
    }
  }
}

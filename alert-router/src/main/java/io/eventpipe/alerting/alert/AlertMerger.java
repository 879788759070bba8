package io.eventpipe.alerting.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the current alert per fingerprint, merging an update into the stored alert when their time ranges
 * overlap (Alertmanager's provider {@code Put}), and forwards the merged alert. Like Alertmanager's alert GC,
 * alerts resolved for longer than {@code retention} are dropped, forwarded as a tombstone (null value).
 */
public final class AlertMerger implements Processor<String, Alert, String, Alert> {
  public static final String STORE = "alerts-merged";
  private static final Duration GC_EVERY = Duration.ofMinutes(1);

  private final Duration retention;
  private KeyValueStore<String, Alert> store;
  private ProcessorContext<String, Alert> context;

  public AlertMerger(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    context.schedule(GC_EVERY, PunctuationType.WALL_CLOCK_TIME, this::collectGarbage);
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert update = record.value();
    String fingerprint = update.fingerprint();
    Alert old = store.get(fingerprint);
    Alert merged = old != null && old.overlaps(update) ? old.merge(update) : update;
    store.put(fingerprint, merged);
    context.forward(record.withKey(fingerprint).withValue(merged));
  }

  private void collectGarbage(long now) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Alert> all = store.all()) {
      all.forEachRemaining(kv -> {
        if (kv.value.resolvedAt(now - retention.toMillis())) {
          expired.add(kv.key);
        }
      });
    }
    for (String fingerprint : expired) {
      store.delete(fingerprint);
      context.forward(new Record<>(fingerprint, null, now));
    }
  }
}

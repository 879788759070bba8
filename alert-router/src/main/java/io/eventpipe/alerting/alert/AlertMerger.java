package io.eventpipe.alerting.alert;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the current alert per fingerprint, merging an update into the stored alert when their time ranges
 * overlap (Alertmanager's provider {@code Put}), and forwards the merged alert.
 */
public final class AlertMerger implements Processor<String, Alert, String, Alert> {
  public static final String STORE = "alerts-merged";

  private KeyValueStore<String, Alert> store;
  private ProcessorContext<String, Alert> context;

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
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
}

package io.eventpipe.alerting.alert;

import io.eventpipe.alerting.Json;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The global store of merged alerts (fingerprint to alert) fed by the alert-state topic: inhibition and API read it. */
public final class AlertStateStore {
  public static final String NAME = "alert-state";

  private AlertStateStore() {}

  public static StoreBuilder<KeyValueStore<String, Alert>> builder() {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NAME), Serdes.String(), Json.serde(Alert.class))
        .withLoggingDisabled();
  }

  /** Applies the topic's records to the store (a null value removes the alert). */
  public static final class Updater implements Processor<String, Alert, Void, Void> {
    private KeyValueStore<String, Alert> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(NAME);
    }

    @Override
    public void process(Record<String, Alert> record) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }
}

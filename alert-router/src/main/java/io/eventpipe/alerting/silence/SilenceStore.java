package io.eventpipe.alerting.silence;

import io.eventpipe.alerting.Json;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The global store of silences (id to silence) fed by the silences topic, read by every group and the API. */
public final class SilenceStore {
  public static final String NAME = "silences";

  private SilenceStore() {}

  public static StoreBuilder<KeyValueStore<String, Silence>> builder() {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NAME), Serdes.String(),
        Json.serde(Silence.class)).withLoggingDisabled();
  }

  /** Applies the topic's records to the store (a null value removes the silence). */
  public static final class Updater implements Processor<String, Silence, Void, Void> {
    private KeyValueStore<String, Silence> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(NAME);
    }

    @Override
    public void process(Record<String, Silence> record) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }
}

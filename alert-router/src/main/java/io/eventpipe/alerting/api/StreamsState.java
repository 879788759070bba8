package io.eventpipe.alerting.api;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.AlertStateStore;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.alerting.silence.SilenceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the global alert and silence stores of a running router (every instance holds all of both). */
public final class StreamsState implements RouterState {
  private final Supplier<KafkaStreams> streams;

  /** {@code streams} gives the current client (the supervisor may have rebuilt it). */
  public StreamsState(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  @Override
  public List<Alert> alerts() {
    return all(AlertStateStore.NAME);
  }

  @Override
  public List<Silence> silences() {
    return all(SilenceStore.NAME);
  }

  private <V> List<V> all(String store) {
    ReadOnlyKeyValueStore<String, V> view = streams.get().store(StoreQueryParameters.fromNameAndType(store,
        QueryableStoreTypes.<String, V>keyValueStore()));
    List<V> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = view.all()) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }
}

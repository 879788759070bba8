package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.silence.Silence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Alertmanager's mute stages over the global stores: an alert is muted while an active silence matches it or a
 * firing alert inhibits it.
 */
final class StoreMuter implements Muter {
  private final ReadOnlyKeyValueStore<String, Silence> silences;
  private final ReadOnlyKeyValueStore<String, Alert> alerts;
  private final Inhibitor inhibitor;

  StoreMuter(ReadOnlyKeyValueStore<String, Silence> silences, ReadOnlyKeyValueStore<String, Alert> alerts,
      Inhibitor inhibitor) {
    this.silences = silences;
    this.alerts = alerts;
    this.inhibitor = inhibitor;
  }

  @Override
  public boolean mutes(Map<String, String> labels, long now) {
    return inhibited(labels, now) || silenced(labels, now);
  }

  private boolean inhibited(Map<String, String> labels, long now) {
    if (inhibitor.isEmpty()) {
      return false;
    }
    List<Alert> all = new ArrayList<>();
    try (KeyValueIterator<String, Alert> it = alerts.all()) {
      it.forEachRemaining(kv -> all.add(kv.value));
    }
    return inhibitor.mutes(labels, all, now);
  }

  private boolean silenced(Map<String, String> labels, long now) {
    try (KeyValueIterator<String, Silence> it = silences.all()) {
      while (it.hasNext()) {
        if (it.next().value.mutes(labels, now)) {
          return true;
        }
      }
    }
    return false;
  }
}

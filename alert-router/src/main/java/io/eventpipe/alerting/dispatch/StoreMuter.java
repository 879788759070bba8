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
 * Alertmanager's mute stages over a snapshot of the global stores taken once per timer tick: an alert is muted
 * while an active silence matches it or a firing alert inhibits it.
 */
final class StoreMuter implements Muter {
  private final List<Silence> silences;
  private final List<Alert> firing;
  private final Inhibitor inhibitor;

  private StoreMuter(List<Silence> silences, List<Alert> firing, Inhibitor inhibitor) {
    this.silences = silences;
    this.firing = firing;
    this.inhibitor = inhibitor;
  }

  /** Reads the active silences and, when there are inhibit rules, the firing alerts as of {@code now}. */
  static StoreMuter snapshot(ReadOnlyKeyValueStore<String, Silence> silenceStore,
      ReadOnlyKeyValueStore<String, Alert> alertStore, Inhibitor inhibitor, long now) {
    List<Silence> silences = new ArrayList<>();
    try (KeyValueIterator<String, Silence> it = silenceStore.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.state(now).equals("active")) {
          silences.add(kv.value);
        }
      });
    }
    List<Alert> firing = new ArrayList<>();
    if (!inhibitor.isEmpty()) {
      try (KeyValueIterator<String, Alert> it = alertStore.all()) {
        it.forEachRemaining(kv -> {
          if (!kv.value.resolvedAt(now)) {
            firing.add(kv.value);
          }
        });
      }
    }
    return new StoreMuter(silences, firing, inhibitor);
  }

  @Override
  public boolean mutes(Map<String, String> labels, long now) {
    for (Silence s : silences) {
      if (s.mutes(labels, now)) {
        return true;
      }
    }
    return inhibitor.mutes(labels, firing, now);
  }
}

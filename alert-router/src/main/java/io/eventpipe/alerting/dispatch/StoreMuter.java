package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Matchers;
import io.eventpipe.alerting.inhibit.InhibitionIndex;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.silence.Silence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Alertmanager's mute stages over a snapshot of the global stores taken once per tick that flushes groups: an
 * alert is muted while an active silence matches it (matchers compiled once per snapshot) or a firing alert
 * inhibits it (looked up in an index on the rules' {@code equal} labels).
 */
final class StoreMuter implements Muter {
  private final List<Matchers> silences;
  private final InhibitionIndex inhibition;

  private StoreMuter(List<Matchers> silences, InhibitionIndex inhibition) {
    this.silences = silences;
    this.inhibition = inhibition;
  }

  /** Reads the silences active at {@code now} and, when there are inhibit rules, the alerts. */
  static StoreMuter snapshot(ReadOnlyKeyValueStore<String, Silence> silenceStore,
      ReadOnlyKeyValueStore<String, Alert> alertStore, Inhibitor inhibitor, long now) {
    List<Matchers> silences = new ArrayList<>();
    try (KeyValueIterator<String, Silence> it = silenceStore.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.state(now).equals("active")) {
          silences.add(kv.value.toMatchers());
        }
      });
    }
    InhibitionIndex inhibition = null;
    if (!inhibitor.isEmpty()) {
      List<Alert> alerts = new ArrayList<>();
      try (KeyValueIterator<String, Alert> it = alertStore.all()) {
        it.forEachRemaining(kv -> alerts.add(kv.value));
      }
      inhibition = inhibitor.index(alerts, now);
    }
    return new StoreMuter(silences, inhibition);
  }

  @Override
  public boolean mutes(Map<String, String> labels, long now) {
    for (Matchers s : silences) {
      if (s.matches(labels)) {
        return true;
      }
    }
    return inhibition != null && inhibition.inhibitedBy(labels) != null;
  }
}

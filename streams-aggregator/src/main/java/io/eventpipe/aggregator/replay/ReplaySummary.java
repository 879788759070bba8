package io.eventpipe.aggregator.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did: records read, events in range, distinct series and samples produced, and the records the live
 * aggregator would have dead-lettered, by reason (skipped here, never written anywhere).
 */
public record ReplaySummary(long records, long events, int series, long samples, Map<String, Long> deadLetters) {
  public ReplaySummary {
    deadLetters = Map.copyOf(deadLetters);
  }

  String line() {
    return "replay: done: " + records + " records read, " + events + " events in range, " + series + " series, "
        + samples + " samples; dead letters skipped: " + (deadLetters.isEmpty() ? "none" : new TreeMap<>(deadLetters));
  }
}

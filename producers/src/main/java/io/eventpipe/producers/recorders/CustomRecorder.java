package io.eventpipe.producers.recorders;

import io.eventpipe.events.CustomEvent;
import io.eventpipe.schemas.EventTypes;
import java.util.Map;

/**
 * Records generic events (DB queries, cache lookups, jobs, in-flight gauges) on {@code events.custom}; what they
 * become on /metrics is declared in metrics.yml. Never blocks: the sink drops (counted) when its buffer is full.
 */
public final class CustomRecorder {
  private final RecorderContext context;

  public CustomRecorder(RecorderContext context) {
    this.context = context;
  }

  /** Records one event now; returns false when the sink refused it (buffer full, closed). */
  public boolean record(String name, Map<String, String> attributes, Map<String, Double> measurements) {
    return recordAt(context.now(), name, attributes, measurements);
  }

  /** Records one event at an explicit event time (epoch ms), for replayed or simulated traffic. */
  public boolean recordAt(long eventTime, String name, Map<String, String> attributes, Map<String, Double> measurements) {
    return context.sink().record(EventTypes.CUSTOM, CustomEvent.newBuilder().setEventId(context.newEventId())
        .setEventTime(eventTime).setSource(context.source()).setName(name).setAttributes(Map.copyOf(attributes))
        .setMeasurements(Map.copyOf(measurements)).build());
  }

  /**
   * Starts timing one operation; closing the returned timer records {@code name} with the attributes and
   * {@code duration_seconds}: {@code try (var t = custom.time("db_query", Map.of("operation", "select"))) {...}}.
   */
  public CustomTimer time(String name, Map<String, String> attributes) {
    return new CustomTimer(this, name, attributes, System.nanoTime());
  }
}

package io.eventpipe.producers.recorders;

import java.util.HashMap;
import java.util.Map;

/**
 * One timed operation from {@link CustomRecorder#time}: closing it records exactly one custom event with
 * {@code measurements.duration_seconds}, plus any attributes and measurements added while it ran.
 */
public final class CustomTimer implements AutoCloseable {
  /** The measurement the elapsed time is recorded under. */
  public static final String DURATION = "duration_seconds";
  private final CustomRecorder recorder;
  private final String name;
  private final Map<String, String> attributes;
  private final Map<String, Double> measurements = new HashMap<>();
  private final long startNanos;
  private boolean closed;

  CustomTimer(CustomRecorder recorder, String name, Map<String, String> attributes, long startNanos) {
    this.recorder = recorder;
    this.name = name;
    this.attributes = new HashMap<>(attributes);
    this.startNanos = startNanos;
  }

  /** Adds an attribute known only once the operation ran (a cache result, an outcome). */
  public CustomTimer attribute(String key, String value) {
    attributes.put(key, value);
    return this;
  }

  /** Adds a measurement (rows returned, bytes written). */
  public CustomTimer measurement(String key, double value) {
    measurements.put(key, value);
    return this;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    measurements.put(DURATION, (System.nanoTime() - startNanos) / 1e9);
    recorder.record(name, attributes, measurements);
  }
}

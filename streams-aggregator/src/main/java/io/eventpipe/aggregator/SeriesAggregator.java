package io.eventpipe.aggregator;

import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.SeriesId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies metric deltas (keyed by series id) to the cumulative series store that /metrics reads, to the
 * distinct-user sketches, and to open event-time windows; forwards one {@link MetricAggregate} per series
 * per window once stream time passes the window's end plus grace.
 *
 * <p>Windowing is hand-written rather than the DSL's windowedBy/suppress because the same record must update
 * the cumulative store, late updates must be counted by input topic in a counter that survives restarts,
 * and the cardinality cap must fold a series identically in both.
 */
final class SeriesAggregator implements Processor<String, Delta, String, MetricAggregate> {
  static final String SERIES = "series";
  static final String WINDOWS = "windows";
  static final String SKETCHES = "active-user-sketches";
  static final String CLOCK = "stream-time";
  private static final String STREAM_TIME = "stream-time";
  private static final String CLOSED_THROUGH = "closed-through";

  private final long size;
  private final long grace;
  private final int cap;
  private ProcessorContext<String, MetricAggregate> context;
  private TaskCache<SeriesState> series;
  private KeyValueStore<String, SeriesState> seriesStore;
  private TaskCache<WindowState> windows;
  private KeyValueStore<String, WindowState> windowStore;
  private KeyValueStore<String, byte[]> sketches;
  private final Map<String, HllSketch> recentSketches = ActiveUsers.recentSketches(256);
  private KeyValueStore<String, Long> clock;

  SeriesAggregator(Duration windowSize, Duration grace, int cardinalityCap) {
    this.size = windowSize.toMillis();
    this.grace = grace.toMillis();
    this.cap = cardinalityCap;
  }

  @Override
  public void init(ProcessorContext<String, MetricAggregate> context) {
    this.context = context;
    seriesStore = context.getStateStore(SERIES);
    series = new TaskCache<>(seriesStore, 20_000);
    windowStore = context.getStateStore(WINDOWS);
    windows = new TaskCache<>(windowStore, 20_000);
    sketches = context.getStateStore(SKETCHES);
    clock = context.getStateStore(CLOCK);
  }

  @Override
  public void process(Record<String, Delta> record) {
    Delta delta = record.value();
    Family family = delta.family();
    Map<String, String> labels = delta.labels();
    String id = record.key();
    SeriesState state = series.get(id);
    if (state == null && !family.internal() && familySize(delta.metric()) >= cap) {
      labels = folded(labels);
      id = SeriesId.of(delta.metric(), labels);
      state = series.get(id);
      bump(Families.FOLDED, Map.of("metric", delta.metric()), delta.eventTime());
    }
    if (state == null) {
      state = SeriesState.empty(family, delta.metric(), labels);
    }
    state.apply(family, delta);
    series.put(id, state);
    if (family.update() == Family.Update.DISTINCT) {
      ActiveUsers.add(sketches, recentSketches, id, delta.member(), delta.eventTime());
    }
    if (family.windowed()) {
      window(family, id, labels, delta);
    }
  }

  private void window(Family family, String id, Map<String, String> labels, Delta delta) {
    long t = delta.eventTime();
    long windowStart = t - Math.floorMod(t, size);
    long streamTime = read(STREAM_TIME, Long.MIN_VALUE);
    if (windowStart + size + grace <= streamTime) {
      bump(Families.LATE, Map.of("topic", delta.topic()), t);
      return;
    }
    String key = windowKey(windowStart, id);
    WindowState state = windows.get(key);
    if (state == null) {
      state = WindowState.open(family, delta.metric(), labels, windowStart);
    }
    state.apply(family, delta);
    windows.put(key, state);
    if (t > streamTime) {
      clock.put(STREAM_TIME, t);
      emitClosed(t);
    }
  }

  /** Forwards and forgets every window whose end plus grace is at or before stream time. */
  private void emitClosed(long streamTime) {
    long closeLimit = streamTime - size - grace;
    long closedThrough = closeLimit - Math.floorMod(closeLimit, size);
    if (closedThrough <= read(CLOSED_THROUGH, Long.MIN_VALUE)) {
      return;
    }
    clock.put(CLOSED_THROUGH, closedThrough);
    List<KeyValue<String, WindowState>> closed = new ArrayList<>();
    try (KeyValueIterator<String, WindowState> it = windowStore.range(windowKey(0, ""), windowKey(closedThrough + 1, ""))) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, WindowState> kv : closed) {
      WindowState state = kv.value;
      MetricAggregate aggregate = state.toAggregate(Families.of(state.metric), size);
      context.forward(new Record<>(SeriesId.of(state.metric, state.labels), aggregate, state.windowStart + size - 1));
      windows.delete(kv.key);
    }
  }

  private static String windowKey(long windowStart, String id) {
    return String.format("%016d", windowStart) + (id.isEmpty() ? "" : "|" + id);
  }

  private long read(String key, long absent) {
    Long value = clock.get(key);
    return value == null ? absent : value;
  }

  /** Increments a pipeline counter in this task's series store (late updates, folded series). */
  private void bump(String metric, Map<String, String> labels, long eventTime) {
    String id = SeriesId.of(metric, labels);
    SeriesState state = series.get(id);
    if (state == null) {
      state = SeriesState.empty(Families.of(metric), metric, labels);
    }
    state.apply(Families.of(metric), Delta.add(metric, labels, 1, eventTime, null));
    series.put(id, state);
  }

  /** Number of series of a family in this task, counting only up to the cap. */
  private int familySize(String metric) {
    int n = 0;
    try (KeyValueIterator<String, SeriesState> it = seriesStore.prefixScan(metric + "{", Serdes.String().serializer())) {
      while (n < cap && it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private static Map<String, String> folded(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.keySet().forEach(name -> out.put(name, Families.OTHER));
    return out;
  }
}

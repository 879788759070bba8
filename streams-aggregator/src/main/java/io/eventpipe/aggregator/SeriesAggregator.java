package io.eventpipe.aggregator;

import io.eventpipe.aggregator.Update.Mark;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.FailureReason;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.metrics.ClosedThrough;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The downstream half of the aggregator, one per metric-partials partition: applies upstream partials to the
 * cumulative series store that /metrics reads, to the distinct-user sketches and to open windows; keeps every
 * upstream task's newest watermark and, when the minimum over all of them passes a window's end plus grace,
 * publishes the window once and then a closed-through mark. A partial for a window already published is published
 * as a correction and counted as late. Undecodable records are dead-lettered and counted.
 *
 * <p>Windowing is hand-written rather than the DSL's windowedBy/suppress because windows close on per-source
 * watermarks, not on one stream time; because the same partial updates the cumulative store; and because the
 * cardinality cap must fold a series identically in both.
 */
final class SeriesAggregator implements Processor<String, byte[], String, Routed<MetricAggregate>> {
  static final String SERIES = "series";
  static final String WINDOWS = "windows";
  static final String SKETCHES = "active-user-sketches";
  static final String CLOCK = "watermarks";
  private static final String CLOSED_THROUGH = "closed-through";
  private static final String MARK = "mark/";

  private final Families families;
  private final long size;
  private final long grace;
  private final int cap;
  private final int upstreamTasks;
  private final int aggregatePartitions;
  private ProcessorContext<String, Routed<MetricAggregate>> context;
  private TaskCache<SeriesState> series;
  private KeyValueStore<String, byte[]> seriesStore;
  private KeyValueStore<String, byte[]> windowStore;
  private TaskCache<WindowState> windows;
  private KeyValueStore<String, byte[]> sketches;
  private final Map<String, HllSketch> recentSketches = ActiveUsers.recentSketches(256);
  private TaskCache<Long> clock;
  /** Watermark values init() could not read, dead-lettered with the first record (init cannot forward). */
  private final List<UndecodableValue> unreadClock = new ArrayList<>();
  private final Map<Integer, Long> marks = new HashMap<>();
  private long closedThrough = Long.MIN_VALUE;
  private int task;

  /** @param aggregatePartitions partitions of the aggregate topic, named in the closed-through marks */
  SeriesAggregator(Families families, Duration windowSize, Duration grace, int cardinalityCap, int upstreamTasks,
      int aggregatePartitions) {
    this.families = families;
    this.aggregatePartitions = aggregatePartitions;
    this.size = windowSize.toMillis();
    this.grace = grace.toMillis();
    this.cap = cardinalityCap;
    this.upstreamTasks = upstreamTasks;
  }

  @Override
  public void init(ProcessorContext<String, Routed<MetricAggregate>> context) {
    this.context = context;
    task = context.taskId().partition();
    seriesStore = context.getStateStore(SERIES);
    series = new TaskCache<>(SERIES, seriesStore, SeriesState.SERDE, 20_000);
    windowStore = context.getStateStore(WINDOWS);
    windows = new TaskCache<>(WINDOWS, windowStore, WindowState.SERDE, 20_000);
    sketches = context.getStateStore(SKETCHES);
    clock = new TaskCache<>(CLOCK, context.getStateStore(CLOCK), Serdes.Long(), 64);
    // An unreadable watermark counts as none: marks are learnt again from the next ones upstream sends, and a lost
    // closed-through only lets a window that was already published be published again, not be lost.
    Long closed = readClock(CLOSED_THROUGH);
    closedThrough = closed == null ? Long.MIN_VALUE : closed;
    for (int source = 0; source < upstreamTasks; source++) {
      Long mark = readClock(MARK + source);
      if (mark != null) {
        marks.put(source, mark);
      }
    }
  }

  private Long readClock(String key) {
    try {
      return clock.get(key);
    } catch (UndecodableValue e) {
      unreadClock.add(e);
      return null;
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!unreadClock.isEmpty()) {
      unreadClock.forEach(e -> deadLetter(e, record));
      unreadClock.clear();
    }
    if (record.value() == null || record.value().length == 0) {
      deadLetter(record, FailureReason.EMPTY, "empty metric-partials record");
      return;
    }
    Update update;
    try {
      update = Update.SERDE.deserializer().deserialize(null, record.value());
    } catch (SerializationException e) {
      deadLetter(record, FailureReason.UNDECODABLE_INTERNAL, e.getMessage());
      return;
    }
    if (update instanceof Partial partial) {
      apply(partial, record);
    } else {
      advance((Mark) update, record);
    }
  }

  private void apply(Partial partial, Record<String, byte[]> record) {
    Family family = families.find(partial.metric);
    if (family == null) {
      // A partial of a family this release does not know (a rolling upgrade): skip it, counted.
      bump(Families.SKIPPED, Map.of("metric", partial.metric, "reason", "unknown_family"), partial.lastTime);
      return;
    }
    Map<String, String> labels = partial.labels;
    String id = SeriesId.of(partial.metric, labels);
    SeriesState state = read(id, record);
    int familyCap = family.cardinalityCap() > 0 ? family.cardinalityCap() : cap;
    if (state == null && !family.internal() && familySize(partial.metric, familyCap) >= familyCap) {
      labels = folded(labels);
      id = SeriesId.of(partial.metric, labels);
      state = read(id, record);
      bump(Families.FOLDED, Map.of("metric", partial.metric), partial.lastTime, partial.count);
    }
    if (state == null) {
      state = SeriesState.empty(family, partial.metric, labels);
    }
    state.apply(family, partial);
    series.put(id, state);
    if (family.update() == Family.Update.DISTINCT) {
      ActiveUsers.add(sketches, recentSketches, id, partial.members, partial.windowStart,
          undecodable -> deadLetter(undecodable, record));
    }
    if (family.windowed()) {
      window(family, id, labels, partial, record);
    }
  }

  private void window(Family family, String id, Map<String, String> labels, Partial partial,
      Record<String, byte[]> record) {
    Partial effective = labels == partial.labels ? partial : partial.relabelled(labels);
    if (partial.windowStart + size <= closedThrough) {
      // Its window was published already: publish the addition as a correction, never lose it.
      bump(Families.LATE, Map.of("topic", partial.topic, "metric", partial.metric), partial.lastTime, partial.count);
      MetricAggregate correction = WindowState.of(family, effective).toAggregate(family, size,
          AggregateRecordKind.CORRECTION);
      context.forward(new Record<>(id, new Routed.Accepted<>(correction), partial.windowStart + size - 1));
      return;
    }
    String key = windowKey(partial.windowStart, id);
    WindowState state = read(windows, key, record);
    if (state == null) {
      state = WindowState.open(family, partial.metric, labels, partial.windowStart);
    }
    state.apply(family, effective);
    windows.put(key, state);
  }

  /** Takes an upstream task's watermark; publishes every window it and all the others have now passed. */
  private void advance(Mark mark, Record<String, byte[]> record) {
    if (mark.source() < 0 || mark.source() >= upstreamTasks) {
      bump(Families.SKIPPED, Map.of("metric", "", "reason", "unknown_source"), mark.watermark());
      return;
    }
    Long before = marks.get(mark.source());
    if (before != null && before >= mark.watermark()) {
      return;
    }
    marks.put(mark.source(), mark.watermark());
    clock.put(MARK + mark.source(), mark.watermark());
    if (marks.size() < upstreamTasks) {
      return;
    }
    long min = marks.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long limit = min - grace;
    long through = limit - Math.floorMod(limit, size);
    if (through <= closedThrough) {
      return;
    }
    List<KeyValue<String, byte[]>> closed = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = windowStore.range(windowKey(0, ""), windowKey(through - size + 1, ""))) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, byte[]> kv : closed) {
      WindowState state;
      try {
        state = windows.decoded(kv.key, kv.value);
      } catch (UndecodableValue e) {
        deadLetter(e, record);
        continue;
      }
      MetricAggregate aggregate = state.toAggregate(families.of(state.metric), size, AggregateRecordKind.WINDOW);
      context.forward(new Record<>(SeriesId.of(state.metric, state.labels), new Routed.Accepted<>(aggregate),
          state.windowStart + size - 1));
      windows.delete(kv.key);
    }
    closedThrough = through;
    clock.put(CLOSED_THROUGH, through);
    context.forward(new Record<>(ClosedThrough.KEY, new Routed.Accepted<>(
        ClosedThrough.mark(task, upstreamTasks, aggregatePartitions, through, size)), Math.max(0, through - 1)));
  }

  private SeriesState read(String id, Record<String, byte[]> record) {
    return read(series, id, record);
  }

  /** The stored value of {@code key}, or null when there is none or it cannot be read (then dead-lettered). */
  private <V> V read(TaskCache<V> cache, String key, Record<String, byte[]> record) {
    try {
      return cache.get(key);
    } catch (UndecodableValue e) {
      deadLetter(e, record);
      return null;
    }
  }

  /**
   * A stored value this release cannot read goes to the dead-letter topic as it was stored, keyed by its store key,
   * with its store's changelog as the source, and counted (the store deleted it: the key starts afresh).
   */
  private void deadLetter(UndecodableValue e, Record<String, byte[]> record) {
    String changelog = e.changelog(context.applicationId());
    var headers = DeadLetter.headers(FailureReason.UNDECODABLE_INTERNAL, e.getMessage(), changelog, task, -1);
    context.forward(new Record<String, Routed<MetricAggregate>>(e.key(),
        new Routed.Refused<>(e.bytes(), FailureReason.UNDECODABLE_INTERNAL, record.timestamp()), record.timestamp(),
        headers));
    bump(Families.DEAD_LETTERS, Map.of("topic", changelog, "reason", FailureReason.UNDECODABLE_INTERNAL.headerValue()),
        record.timestamp());
  }

  private void deadLetter(Record<String, byte[]> record, FailureReason reason, String detail) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    String topic = origin == null ? "" : origin.topic();
    var headers = DeadLetter.headers(reason, detail, topic, origin == null ? -1 : origin.partition(),
        origin == null ? -1 : origin.offset());
    context.forward(new Record<String, Routed<MetricAggregate>>(record.key(),
        new Routed.Refused<>(record.value(), reason, record.timestamp()), record.timestamp(), headers));
    bump(Families.DEAD_LETTERS, Map.of("topic", topic, "reason", reason.headerValue()), record.timestamp());
  }

  static String windowKey(long windowStart, String id) {
    return paddedTime(windowStart) + (id.isEmpty() ? "" : "|" + id);
  }

  /** An epoch-ms time as 16 zero-padded digits, so store keys sort by time (as {@code %016d}, without Formatter). */
  static String paddedTime(long t) {
    String digits = Long.toString(t);
    return digits.length() >= 16 ? digits : "0".repeat(16 - digits.length()) + digits;
  }

  private void bump(String metric, Map<String, String> labels, long eventTime) {
    bump(metric, labels, eventTime, 1);
  }

  /** Adds {@code n} to a pipeline counter in this task's series store (late updates, folded series, skips). */
  private void bump(String metric, Map<String, String> labels, long eventTime, long n) {
    String id = SeriesId.of(metric, labels);
    SeriesState state = series.get(id);
    if (state == null) {
      state = SeriesState.empty(families.of(metric), metric, labels);
    }
    state.add(n, eventTime);
    series.put(id, state);
  }

  /** Number of series of a family in this task, counting only up to the cap. */
  private int familySize(String metric, int cap) {
    int n = 0;
    try (KeyValueIterator<String, byte[]> it = seriesStore.prefixScan(metric + "{", Serdes.String().serializer())) {
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

package io.eventpipe.schemas.metrics;

import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The closed-through marks of {@code aggregates.1m}: each aggregator task that publishes windows writes, to every
 * partition, a mark saying that every window ending at or before {@code window_end} which it owns has been
 * published before the mark on that partition. A consumer knows minute M is complete once, on every partition, the
 * mark of every writer has reached M's end ({@link Completion}).
 */
public final class ClosedThrough {
  private ClosedThrough() {}

  /** The metric name marks carry, so consumers that ignore {@code record_kind} see a harmless gauge. */
  public static final String METRIC = "eventpipe_windows_closed_through";
  public static final String WRITER = "writer";
  public static final String WRITERS = "writers";
  public static final String PARTITIONS = "partitions";
  /** Record key of marks. */
  public static final String KEY = METRIC;

  /**
   * The mark of writer {@code writer} (of {@code writers}) that its windows ending at or before {@code end} are
   * published, written to each of the topic's {@code partitions}.
   */
  public static MetricAggregate mark(int writer, int writers, int partitions, long end, long windowSize) {
    return MetricAggregate.newBuilder().setMetric(METRIC)
        .setLabels(Map.of(WRITER, Integer.toString(writer), WRITERS, Integer.toString(writers),
            PARTITIONS, Integer.toString(partitions)))
        .setWindowStart(end - windowSize).setWindowEnd(end).setKind(AggregateKind.GAUGE).setValue(end).setCount(0)
        .setRecordKind(AggregateRecordKind.CLOSED_THROUGH).build();
  }

  public static boolean isMark(MetricAggregate a) {
    return a.getRecordKind() == AggregateRecordKind.CLOSED_THROUGH;
  }

  /**
   * What a consumer of every partition of {@code aggregates.1m} knows is complete: the minimum, over partitions and
   * over the writers each mark names, of the newest mark. Empty until every (partition, writer) has marked.
   */
  public static final class Completion {
    private final Map<Integer, Map<Integer, Long>> marks = new HashMap<>();
    private int writers = -1;
    private int partitions = -1;

    /** Records a mark read from {@code partition}; returns true if it moved that (partition, writer) forward. */
    public boolean observe(int partition, MetricAggregate mark) {
      int writer = Integer.parseInt(mark.getLabels().get(WRITER));
      writers = Math.max(writers, Integer.parseInt(mark.getLabels().get(WRITERS)));
      partitions = Math.max(partitions, Integer.parseInt(mark.getLabels().get(PARTITIONS)));
      Long before = marks.computeIfAbsent(partition, p -> new HashMap<>()).merge(writer, mark.getWindowEnd(), Math::max);
      return before == mark.getWindowEnd();
    }

    /** Every window ending at or before the returned time has been read, on every partition, from every writer. */
    public OptionalLong completeThrough() {
      if (writers < 0 || partitions < 0 || marks.size() < partitions) {
        return OptionalLong.empty();
      }
      long min = Long.MAX_VALUE;
      for (int p = 0; p < partitions; p++) {
        Map<Integer, Long> byWriter = marks.get(p);
        if (byWriter == null || byWriter.size() < writers) {
          return OptionalLong.empty();
        }
        for (long end : byWriter.values()) {
          min = Math.min(min, end);
        }
      }
      return OptionalLong.of(min);
    }

    /** The partition the mark was read from, from the label a consumer adds when it re-keys marks. */
    public static final String SOURCE_PARTITION = "source_partition";
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.aggregator.Update.Mark;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The upstream half of the aggregator, one per input task: folds every event's deltas in memory into one
 * {@link Partial} per (series, window, input topic), and forwards them once per commit (and per wall-clock tick),
 * followed by this task's watermark as a {@link Mark} to every downstream partition. Because partials are forwarded
 * before the mark that covers them, on the same partitions, downstream can close a window once every upstream task's
 * mark has passed its end plus grace.
 */
final class PreAggregator implements Processor<byte[], Derived, String, Update> {
  static final String FLUSH_HOOK = "pre-aggregator-flush";

  private final long windowSize;
  private final Duration tick;
  private final long idleTimeout;
  private final Map<String, Integer> inputPartitions;
  private final int downstreamPartitions;
  private final Map<Key, Partial> pending = new LinkedHashMap<>();
  private ProcessorContext<String, Update> context;
  private SourceWatermarks watermarks;
  private int task;

  /** The identity of a pending partial; the labels map rather than the series id string keeps the hot path cheap. */
  private record Key(String metric, Map<String, String> labels, long windowStart, String topic) {}

  /**
   * @param inputPartitions partition count of every input topic (a task reads partition N of each topic that has one)
   * @param downstreamPartitions partitions of the metric-partials topic, each of which gets every mark
   */
  PreAggregator(Duration windowSize, Duration tick, Duration idleTimeout, Map<String, Integer> inputPartitions,
      int downstreamPartitions) {
    this.windowSize = windowSize.toMillis();
    this.tick = tick;
    this.idleTimeout = idleTimeout.toMillis();
    this.inputPartitions = Map.copyOf(inputPartitions);
    this.downstreamPartitions = downstreamPartitions;
  }

  @Override
  public void init(ProcessorContext<String, Update> context) {
    this.context = context;
    task = context.taskId().partition();
    Set<TopicPartition> inputs = new HashSet<>();
    inputPartitions.forEach((topic, count) -> {
      if (task < count) {
        inputs.add(new TopicPartition(topic, task));
      }
    });
    watermarks = new SourceWatermarks(inputs, idleTimeout, context.currentSystemTimeMs());
    CommitFlush.register(context, FLUSH_HOOK, forwarder -> flush(forwarder::forward));
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> flush(context::forward));
  }

  @Override
  public void process(Record<byte[], Derived> record) {
    Derived derived = record.value();
    if (derived.accepted()) {
      RecordMetadata origin = context.recordMetadata().orElseThrow();
      watermarks.observe(new TopicPartition(origin.topic(), origin.partition()), derived.eventTime(),
          context.currentSystemTimeMs());
    }
    for (Delta delta : derived.deltas()) {
      Family family = delta.family();
      long t = delta.eventTime();
      long size = family.update() == Family.Update.DISTINCT ? ActiveUsers.MINUTE : windowSize;
      Key key = new Key(delta.metric(), delta.labels(), t - Math.floorMod(t, size), delta.topic());
      Partial partial = pending.get(key);
      if (partial == null) {
        partial = new Partial(key.metric(), key.labels(), key.topic(), key.windowStart(), family);
        pending.put(key, partial);
      }
      partial.add(family, delta);
    }
  }

  /** Forwards every pending partial, then this task's watermark if it moved. */
  private void flush(java.util.function.Consumer<Record<String, Update>> forward) {
    for (Partial partial : pending.values()) {
      forward.accept(new Record<>(partial.seriesId(), partial, Math.max(0, partial.lastTime)));
    }
    pending.clear();
    long watermark = watermarks.advance(context.currentSystemTimeMs());
    if (watermark != Long.MIN_VALUE) {
      for (int target = 0; target < downstreamPartitions; target++) {
        forward.accept(new Record<>(MARK_KEY + target, new Mark(task, watermark, target), Math.max(0, watermark)));
      }
    }
  }

  /** Key prefix of marks; the target partition follows it. No series id starts with a NUL character. */
  static final String MARK_KEY = "\u0000mark/";
}

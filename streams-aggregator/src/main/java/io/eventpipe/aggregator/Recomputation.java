package io.eventpipe.aggregator;

import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.metrics.MetricNames;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.datasketches.hll.HllSketch;

/**
 * Recomputes, from the input records of an event-time range {@code [from, to)}, what the live aggregator's /metrics
 * would have shown at every step end had it been running since {@code from}, and the windows it would have
 * published, with the live code itself: {@link EventCodec} decoding, {@link DecodeProcessor}'s clock rules (judged
 * at each record's timestamp, the time the live aggregator saw it), {@link EventDeltas}, {@link Partial},
 * {@link SeriesState}, {@link WindowState}, {@link ActiveUsers} and {@link MetricsCollector}'s export. Bounded: feed
 * every record with {@link #accept}, then call {@link #emit} once. Not thread-safe.
 */
public final class Recomputation {
  /** Receives the recomputed instants in time order. */
  public interface Sink {
    /**
     * @param time a step end (epoch ms); the snapshots cover events with {@code from <= event_time < time}
     * @param windows the windows of {@code [time - step, time)}, as the live aggregator would publish them
     */
    void at(long time, MetricSnapshots snapshots, List<MetricAggregate> windows) throws IOException;
  }

  private final long from;
  private final long to;
  private final long step;
  private final Set<String> families;
  private final Families catalog;
  private final long maxFutureSkew;
  private final Duration gpuStaleness;
  private final Map<String, Input<?>> inputs = new LinkedHashMap<>();
  private final Map<Key, Partial> partials = new HashMap<>();
  private final Map<String, Long> refused = new TreeMap<>();
  /** Every user's current subscription, from the billing history before and in the range (MRR). */
  private final Map<String, SubscriptionProcessor.Subscription> subscriptions = new HashMap<>();
  private long records;
  private long events;

  /** The identity of a partial, as the live {@link PreAggregator} keys them. */
  private record Key(String metric, Map<String, String> labels, long windowStart, String topic) {}

  /**
   * @param from first event time counted (epoch ms), a multiple of {@code step}
   * @param to first event time not counted, a multiple of {@code step} after {@code from}
   * @param families catalog family names to recompute ({@link #families(List)}); empty for all of {@link #replayable()}.
   *     Counters count events from {@code from}; gauges are the newest sample; MRR sums every subscription fed,
   *     including billing records before {@code from} ({@link #fullHistoryTopics()})
   */
  public Recomputation(long from, long to, Duration step, Set<String> families, Duration maxFutureSkew,
      Duration gpuStaleness) {
    this(from, to, step, families, maxFutureSkew, gpuStaleness, MetricDefinitions.builtIn());
  }

  /** As above, for the families of {@code definitions} (the live aggregator's {@code --metrics-config}). */
  public Recomputation(long from, long to, Duration step, Set<String> families, Duration maxFutureSkew,
      Duration gpuStaleness, MetricDefinitions definitions) {
    ActiveUsers.requireSupportedRuntime();
    this.catalog = Families.of(definitions);
    EventDeltas eventDeltas = new EventDeltas(definitions, catalog);
    this.step = step.toMillis();
    if (this.step < ActiveUsers.MINUTE || this.step % ActiveUsers.MINUTE != 0) {
      throw new IllegalArgumentException("step: must be a whole number of minutes, got " + step);
    }
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
    }
    if (Math.floorMod(from, this.step) != 0 || Math.floorMod(to, this.step) != 0) {
      throw new IllegalArgumentException("from and to must fall on step boundaries (multiples of " + step + ")");
    }
    this.from = from;
    this.to = to;
    this.families = families.isEmpty() ? Set.copyOf(replayable(catalog)) : Set.copyOf(families);
    this.maxFutureSkew = maxFutureSkew.toMillis();
    this.gpuStaleness = gpuStaleness;
    EventTypes.INPUTS.forEach(type -> inputs.put(type.topic().name(), Input.of(type, eventDeltas)));
  }

  /** Families a replay can recompute: every derived family, not the pipeline's own series. */
  public static List<String> replayable() {
    return replayable(Families.of(MetricDefinitions.builtIn()));
  }

  private static List<String> replayable(Families catalog) {
    List<String> out = new ArrayList<>();
    for (Family family : catalog.all()) {
      if (!family.internal()) {
        out.add(family.name());
      }
    }
    return out;
  }

  /**
   * The catalog families of names as users query them ({@code http_requests_total}, {@code
   * http_request_duration_seconds}, {@code daily_active_users}: the three distinct-user gauges are one family).
   *
   * @throws IllegalArgumentException naming a name that is not a replayable family
   */
  public static Set<String> families(List<String> names) {
    return families(names, MetricDefinitions.builtIn());
  }

  /** As {@link #families(List)} for the families of {@code definitions}. */
  public static Set<String> families(List<String> names, MetricDefinitions definitions) {
    Set<String> out = new LinkedHashSet<>();
    List<String> known = replayable(Families.of(definitions));
    for (String name : names) {
      String family = name.equals(MetricNames.DAILY_ACTIVE_USERS) || name.equals(MetricNames.MONTHLY_ACTIVE_USERS)
          ? MetricNames.ACTIVE_USERS : name;
      if (!known.contains(family)) {
        throw new IllegalArgumentException("--families: '" + name + "' is not a family a replay can recompute; known: "
            + String.join(",", known) + "," + MetricNames.DAILY_ACTIVE_USERS + "," + MetricNames.MONTHLY_ACTIVE_USERS);
      }
      out.add(family);
    }
    return out;
  }

  /** The input topics a replay reads. */
  public static List<String> inputTopics() {
    return EventTypes.INPUTS.stream().map(type -> type.topic().name()).toList();
  }

  /**
   * Input topics to read from their beginning rather than from {@code from}: billing when MRR is recomputed, because
   * MRR is the sum of every user's current subscription, which the whole billing history (kept forever) decides.
   */
  public List<String> fullHistoryTopics() {
    return recomputesMrr() ? List.of(EventTypes.BILLING.topic().name()) : List.of();
  }

  private boolean recomputesMrr() {
    return catalog.mrr() != null && families.contains(catalog.mrr().name());
  }

  /** Feeds one input record: decoded, checked by the clock rules at its timestamp; its deltas in range are kept. */
  public void accept(String topic, byte[] value, long recordTimestamp) {
    Input<?> input = inputs.get(topic);
    if (input == null) {
      throw new IllegalArgumentException("not an input topic: " + topic);
    }
    records++;
    accept(input, value, recordTimestamp);
  }

  private <T extends SpecificRecord> void accept(Input<T> input, byte[] value, long now) {
    Decoded<T> decoded = input.codec().decode(value);
    if (decoded instanceof Decoded.Failure<T> failure) {
      refused.merge(failure.reason().headerValue(), 1L, Long::sum);
      return;
    }
    T event = decoded.event();
    long eventTime = input.type().eventTime(event);
    DecodeProcessor.Refusal refusal = DecodeProcessor.clockRefusal(input.type(), eventTime, now, maxFutureSkew,
        input.retention());
    if (refusal != null) {
      refused.merge(refusal.reason().headerValue(), 1L, Long::sum);
      return;
    }
    if (eventTime >= to) {
      return;
    }
    if (event instanceof BillingEvent billing && recomputesMrr()) {
      subscription(billing, input.type().topic().name());
    }
    if (eventTime < from) {
      return;
    }
    events++;
    for (Delta delta : input.deltas().apply(event)) {
      if (!families.contains(delta.metric())) {
        continue;
      }
      fold(delta);
    }
  }

  private void fold(Delta delta) {
    Family family = delta.family();
    long t = delta.eventTime();
    long size = family.update() == Family.Update.DISTINCT ? ActiveUsers.MINUTE : step;
    Key key = new Key(delta.metric(), delta.labels(), t - Math.floorMod(t, size), delta.topic());
    partials.computeIfAbsent(key, k -> new Partial(k.metric(), k.labels(), k.topic(), k.windowStart(), family))
        .add(family, delta);
  }

  /**
   * What {@link SubscriptionProcessor} does with a billing event: the change in the user's annualised price is an
   * MRR delta. Changes before {@code from} fall in windows before it, so the first instant shows the MRR of then.
   */
  private void subscription(BillingEvent e, String topic) {
    SubscriptionProcessor.Subscription before = subscriptions.get(e.getUserId());
    SubscriptionProcessor.Subscription after = SubscriptionProcessor.next(before, e);
    if (after == null) {
      subscriptions.remove(e.getUserId());
    } else {
      subscriptions.put(e.getUserId(), after);
    }
    long change = SubscriptionProcessor.annualised(after) - SubscriptionProcessor.annualised(before);
    if (change != 0) {
      fold(Delta.add(catalog.mrr(), Map.of(), change, e.getEventTime(), topic));
    }
  }

  /** Hands every step end in {@code (from, to]} to the sink, in time order; call once, after the last record. */
  public void emit(Sink sink) throws IOException {
    TreeMap<Long, List<Partial>> byStart = new TreeMap<>();
    partials.values().forEach(p -> byStart.computeIfAbsent(p.windowStart, k -> new ArrayList<>()).add(p));
    partials.clear();
    Map<String, SeriesState> states = new TreeMap<>();
    MemoryStore<byte[]> sketches = new MemoryStore<>(SeriesAggregator.SKETCHES);
    Map<String, HllSketch> recent = ActiveUsers.recentSketches(256);
    for (long end = from + step; end <= to; end += step) {
      Map<String, WindowState> windows = new TreeMap<>();
      Iterator<List<Partial>> due = byStart.headMap(end, false).values().iterator();
      while (due.hasNext()) {
        for (Partial partial : due.next()) {
          apply(partial, states, sketches, recent, windows);
        }
        due.remove();
      }
      List<MetricAggregate> published = new ArrayList<>(windows.size());
      windows.values().forEach(w -> published.add(w.toAggregate(catalog.of(w.metric), step, AggregateRecordKind.WINDOW)));
      sink.at(end, MetricsCollector.snapshots(catalog, states.values(), sketches, gpuStaleness), published);
    }
  }

  /** What {@link SeriesAggregator} does with a partial, without the cardinality cap (a replay keeps every series). */
  private void apply(Partial partial, Map<String, SeriesState> states, MemoryStore<byte[]> sketches,
      Map<String, HllSketch> recent, Map<String, WindowState> windows) {
    Family family = catalog.of(partial.metric);
    String id = SeriesId.of(partial.metric, partial.labels);
    states.computeIfAbsent(id, k -> SeriesState.empty(family, partial.metric, partial.labels)).apply(family, partial);
    if (family.update() == Family.Update.DISTINCT) {
      ActiveUsers.add(sketches, recent, id, partial.members, partial.windowStart, undecodable -> {
        throw undecodable; // an in-memory store of this run: every value in it was written by this code
      });
    }
    if (family.windowed()) {
      windows.computeIfAbsent(id, k -> WindowState.open(family, partial.metric, partial.labels, partial.windowStart))
          .apply(family, partial);
    }
  }

  /** Input records fed so far. */
  public long records() {
    return records;
  }

  /** Accepted events with an event time in range. */
  public long events() {
    return events;
  }

  /** Records the live aggregator would have dead-lettered, by reason. */
  public Map<String, Long> refused() {
    return Map.copyOf(refused);
  }

  /** One input topic's decoder, clock rule retention and deltas. */
  private record Input<T extends SpecificRecord>(EventType<T> type, EventCodec<T> codec, Function<T, List<Delta>> deltas,
      long retention) {
    static <T extends SpecificRecord> Input<T> of(EventType<T> type, EventDeltas deltas) {
      return new Input<>(type, EventCodec.of(type), deltas.of(type), DecodeProcessor.retentionOf(type));
    }
  }
}

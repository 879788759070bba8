package io.eventpipe.aggregator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Distinct users per series (plan) and UTC minute, day and calendar month, in HLL sketches of fixed size
 * (lgK 14: about 0.8% relative standard error, at most 8 KiB per window whatever the number of users).
 * Old windows are deleted when a newer one opens, so state per plan is bounded.
 */
final class ActiveUsers {
  private ActiveUsers() {}

  static final int LG_K = 14;
  static final long MINUTE = 60_000;
  static final long TRAILING = 5 * MINUTE;

  /** The window grains users are counted over; {@code keep} is how far back older windows are retained. */
  enum Grain {
    MINUTES(10 * ActiveUsers.MINUTE), DAYS(2 * 86_400_000L), MONTHS(62 * 86_400_000L);

    final long keep;

    Grain(long keep) {
      this.keep = keep;
    }

    long start(long t) {
      return switch (this) {
        case MINUTES -> t - Math.floorMod(t, ActiveUsers.MINUTE);
        case DAYS -> t - Math.floorMod(t, 86_400_000L);
        case MONTHS -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC).withDayOfMonth(1)
            .toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      };
    }
  }

  static String key(String seriesId, Grain grain, long windowStart) {
    return seriesId + "|" + grain.name() + "|" + SeriesAggregator.paddedTime(windowStart);
  }

  /**
   * Counts {@code members} in the minute, day and month windows of {@code t}. Decoded sketches of the task are kept
   * in {@code recent} (this processor is the store's only writer), and a sketch is written back once, only when the
   * members changed it: most events come from users already counted in the window. A stored sketch that cannot be
   * read is deleted, handed to {@code undecodable} and started afresh.
   */
  static void add(KeyValueStore<String, byte[]> store, Map<String, HllSketch> recent, String seriesId,
      Iterable<String> members, long t, Consumer<UndecodableValue> undecodable) {
    for (Grain grain : Grain.values()) {
      long start = grain.start(t);
      String key = key(seriesId, grain, start);
      HllSketch sketch = recent.get(key);
      if (sketch == null) {
        byte[] bytes = store.get(key);
        if (bytes != null) {
          try {
            sketch = HllSketch.heapify(bytes);
          } catch (RuntimeException e) {
            store.delete(key);
            undecodable.accept(new UndecodableValue(SeriesAggregator.SKETCHES, key, bytes, e));
          }
        }
        if (sketch == null) {
          sketch = new HllSketch(LG_K, TgtHllType.HLL_4);
          deleteOlder(store, recent, seriesId, grain, start - grain.keep);
        }
        recent.put(key, sketch);
      }
      double before = sketch.getEstimate();
      boolean empty = sketch.isEmpty();
      for (String member : members) {
        sketch.update(member);
      }
      if (empty || sketch.getEstimate() != before) {
        store.put(key, sketch.toCompactByteArray());
      }
    }
  }

  /**
   * Fails with a readable message when this JVM cannot serialize the sketches. DataSketches 6 (for Java 17, the
   * project's baseline) accepts Java 17 and 21 only: on Java 25 its first serialization throws
   * ExceptionInInitializerError inside a stream thread, which would be replaced and fail again on every record.
   * DataSketches 9 runs on Java 25 but requires it to compile, so the check stays until the baseline moves.
   */
  static void requireSupportedRuntime() {
    try {
      new HllSketch(LG_K, TgtHllType.HLL_4).toCompactByteArray();
    } catch (LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("the distinct-user sketches (DataSketches) cannot run on Java "
          + Runtime.version().feature() + ": " + cause.getMessage() + "; run the aggregator and replay on Java 17 or 21",
          e);
    }
  }

  /** A bounded most-recently-used map for {@link #add}'s decoded sketches. */
  static Map<String, HllSketch> recentSketches(int capacity) {
    return new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, HllSketch> eldest) {
        return size() > capacity;
      }
    };
  }

  private static void deleteOlder(KeyValueStore<String, byte[]> store, Map<String, HllSketch> recent, String seriesId,
      Grain grain, long before) {
    if (before <= 0) {
      return;
    }
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.range(key(seriesId, grain, 0), key(seriesId, grain, before))) {
      it.forEachRemaining(kv -> old.add(kv.key));
    }
    old.forEach(key -> {
      recent.remove(key);
      store.delete(key);
    });
  }

  /** The sketch of these stored bytes, or null when they are not one (the processor dead-letters them on update). */
  private static HllSketch heapify(byte[] bytes) {
    try {
      return HllSketch.heapify(bytes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Distinct users of the day or month window containing {@code newest}. */
  static long estimate(ReadOnlyKeyValueStore<String, byte[]> store, String seriesId, Grain grain, long newest) {
    byte[] bytes = store.get(key(seriesId, grain, grain.start(newest)));
    HllSketch sketch = bytes == null ? null : heapify(bytes);
    return sketch == null ? 0 : Math.round(sketch.getEstimate());
  }

  /** Distinct users over the five 1-minute windows ending with the one containing {@code newest}. */
  static long trailing(ReadOnlyKeyValueStore<String, byte[]> store, String seriesId, long newest) {
    long last = Grain.MINUTES.start(newest);
    Union union = new Union(LG_K);
    try (KeyValueIterator<String, byte[]> it = store.range(key(seriesId, Grain.MINUTES, last - TRAILING + MINUTE),
        key(seriesId, Grain.MINUTES, last))) {
      while (it.hasNext()) {
        HllSketch sketch = heapify(it.next().value);
        if (sketch != null) {
          union.update(sketch);
        }
      }
    }
    return Math.round(union.getEstimate());
  }
}

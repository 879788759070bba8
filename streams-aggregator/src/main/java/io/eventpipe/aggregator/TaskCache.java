package io.eventpipe.aggregator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decoded values of one task's byte store, most recently used first, so a hot key is not decoded from bytes on every
 * update. Sound because the owning processor is the store's only writer and every write goes through {@link #put};
 * a new processor (after a rebalance or restore) starts with an empty cache. The store holds bytes and this class
 * decodes them, so a value that cannot be read is deleted and surfaces as {@link UndecodableValue} with its key and
 * bytes.
 */
final class TaskCache<V> {
  private final String name;
  private final KeyValueStore<String, byte[]> store;
  private final Serializer<V> serializer;
  private final Deserializer<V> deserializer;
  private final Map<String, V> recent;

  TaskCache(String name, KeyValueStore<String, byte[]> store, Serde<V> serde, int capacity) {
    this.name = name;
    this.store = store;
    this.serializer = serde.serializer();
    this.deserializer = serde.deserializer();
    this.recent = new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The value of {@code key}, or null when there is none; throws {@link UndecodableValue} (and deletes it). */
  V get(String key) {
    V value = recent.get(key);
    return value != null ? value : decoded(key, store.get(key));
  }

  /** The value of {@code key} whose stored bytes are {@code bytes} (read by a range scan of the store). */
  V decoded(String key, byte[] bytes) {
    V value = recent.get(key);
    if (value == null && bytes != null) {
      try {
        value = deserializer.deserialize(name, bytes);
      } catch (RuntimeException e) {
        // Deleted, so the key starts afresh rather than failing on every update; the caller dead-letters the bytes.
        store.delete(key);
        throw new UndecodableValue(name, key, bytes, e);
      }
      recent.put(key, value);
    }
    return value;
  }

  void put(String key, V value) {
    recent.put(key, value);
    store.put(key, serializer.serialize(name, value));
  }

  void delete(String key) {
    recent.remove(key);
    store.delete(key);
  }
}

package io.eventpipe.aggregator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decoded values of one task's store, most recently used first, so a hot series is not decoded from bytes
 * on every update. Sound because the owning processor is the store's only writer and every write goes through
 * {@link #put}; a new processor (after a rebalance or restore) starts with an empty cache.
 */
final class TaskCache<V> {
  private final KeyValueStore<String, V> store;
  private final Map<String, V> recent;

  TaskCache(KeyValueStore<String, V> store, int capacity) {
    this.store = store;
    this.recent = new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  V get(String key) {
    V value = recent.get(key);
    if (value == null) {
      value = store.get(key);
      if (value != null) {
        recent.put(key, value);
      }
    }
    return value;
  }

  void put(String key, V value) {
    recent.put(key, value);
    store.put(key, value);
  }

  void delete(String key) {
    recent.remove(key);
    store.delete(key);
  }
}

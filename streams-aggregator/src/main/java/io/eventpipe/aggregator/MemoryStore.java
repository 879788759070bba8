package io.eventpipe.aggregator;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A sorted in-memory key-value store outside any Kafka Streams task, so code written against a store (the
 * distinct-user sketches of {@link ActiveUsers}) runs unchanged in the bounded replay. Not thread-safe.
 */
final class MemoryStore<V> implements KeyValueStore<String, V> {
  private final String name;
  private final TreeMap<String, V> map = new TreeMap<>();

  MemoryStore(String name) {
    this.name = name;
  }

  @Override
  public void put(String key, V value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V old = map.get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public V delete(String key) {
    return map.remove(key);
  }

  @Override
  public V get(String key) {
    return map.get(key);
  }

  /** Both bounds inclusive, either may be null (open), as Kafka Streams' stores define it. */
  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    NavigableMap<String, V> view = map;
    if (from != null) {
      view = view.tailMap(from, true);
    }
    if (to != null) {
      view = view.headMap(to, true);
    }
    return new Snapshot<>(List.copyOf(view.entrySet()).iterator());
  }

  @Override
  public KeyValueIterator<String, V> all() {
    return range(null, null);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // nothing to restore: this store lives for one bounded run
  }

  @Override
  public void close() {
    map.clear();
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  /** Iterates a copy of the entries, so the caller may modify the store while iterating. */
  private static final class Snapshot<V> implements KeyValueIterator<String, V> {
    private final Iterator<Map.Entry<String, V>> entries;
    private Map.Entry<String, V> next;

    Snapshot(Iterator<Map.Entry<String, V>> entries) {
      this.entries = entries;
    }

    @Override
    public boolean hasNext() {
      return next != null || entries.hasNext();
    }

    @Override
    public KeyValue<String, V> next() {
      Map.Entry<String, V> e = peek();
      next = null;
      return KeyValue.pair(e.getKey(), e.getValue());
    }

    @Override
    public String peekNextKey() {
      return peek().getKey();
    }

    private Map.Entry<String, V> peek() {
      if (next == null) {
        if (!entries.hasNext()) {
          throw new NoSuchElementException();
        }
        next = entries.next();
      }
      return next;
    }

    @Override
    public void close() {
      // a copy: nothing to release
    }
  }
}

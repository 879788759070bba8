package io.eventpipe.aggregator.definitions;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The labels one rule gives one event: the rule's label names (shared by every event of the rule) with this event's
 * values, as an immutable map. Built for every delta and used as (part of) the pre-aggregation key, so it is an
 * array per event instead of a hash map, hashes once, and compares two label sets of one rule value by value; it is
 * equal to, and hashes as, any map with the same entries.
 */
final class EventLabels extends AbstractMap<String, String> {
  private final String[] names;
  private final String[] values;
  private int hash;

  EventLabels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public String get(Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      for (int i = 0; i < names.length; i++) {
        h += names[i].hashCode() ^ values[i].hashCode();
      }
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    if (o instanceof EventLabels other && other.names == names) {
      return hashCode() == other.hashCode() && Arrays.equals(values, other.values);
    }
    return super.equals(o);
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}

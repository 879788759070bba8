package io.eventpipe.alerting.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The groups of one task ordered by when their timer falls due, so a tick looks only at the groups that are due
 * instead of scanning every group. At most one entry per group: scheduling again moves it.
 */
final class FlushIndex {
  private record Entry(long at, String groupId) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : groupId.compareTo(o.groupId);
    }
  }

  private final TreeSet<Entry> byTime = new TreeSet<>();
  private final Map<String, Long> byGroup = new HashMap<>();

  void schedule(String groupId, long at) {
    Long old = byGroup.put(groupId, at);
    if (old != null) {
      byTime.remove(new Entry(old, groupId));
    }
    byTime.add(new Entry(at, groupId));
  }

  void remove(String groupId) {
    Long old = byGroup.remove(groupId);
    if (old != null) {
      byTime.remove(new Entry(old, groupId));
    }
  }

  /** Removes and returns the groups due at {@code now}, earliest first. */
  List<String> pollDue(long now) {
    List<String> due = new ArrayList<>();
    while (!byTime.isEmpty() && byTime.first().at() <= now) {
      Entry e = byTime.pollFirst();
      byGroup.remove(e.groupId());
      due.add(e.groupId());
    }
    return due;
  }

  int size() {
    return byGroup.size();
  }
}

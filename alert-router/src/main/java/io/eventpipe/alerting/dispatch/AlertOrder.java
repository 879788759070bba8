package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;

/** Alertmanager's {@code AlertSlice} order: by job, then instance (present first), then the label sets (fewer labels first). */
public final class AlertOrder implements Comparator<Alert> {
  public static final AlertOrder INSTANCE = new AlertOrder();

  @Override
  public int compare(Alert a, Alert b) {
    for (String key : new String[] {"job", "instance"}) {
      String x = a.labels().get(key);
      String y = b.labels().get(key);
      if (x == null && y == null) {
        continue;
      }
      if (x == null) {
        return 1;
      }
      if (y == null) {
        return -1;
      }
      if (!x.equals(y)) {
        return x.compareTo(y);
      }
    }
    return compareLabels(a.labels(), b.labels());
  }

  /** Prometheus' {@code LabelSet.Before}: fewer labels first, then by the values of the sorted label names. */
  private static int compareLabels(Map<String, String> a, Map<String, String> b) {
    if (a.size() != b.size()) {
      return Integer.compare(a.size(), b.size());
    }
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      String x = a.get(name);
      String y = b.get(name);
      if (x == null) {
        return -1;
      }
      if (y == null) {
        return 1;
      }
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}

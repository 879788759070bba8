package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/** Alertmanager's {@code AlertSlice} order: by job, then instance (present first), then the label sets. */
final class AlertOrder implements Comparator<Alert> {
  static final AlertOrder INSTANCE = new AlertOrder();

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

  private static int compareLabels(Map<String, String> a, Map<String, String> b) {
    Iterator<Map.Entry<String, String>> x = a.entrySet().iterator();
    Iterator<Map.Entry<String, String>> y = b.entrySet().iterator();
    while (x.hasNext() && y.hasNext()) {
      Map.Entry<String, String> l = x.next();
      Map.Entry<String, String> r = y.next();
      int c = l.getKey().compareTo(r.getKey());
      if (c == 0) {
        c = l.getValue().compareTo(r.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(x.hasNext(), y.hasNext());
  }
}

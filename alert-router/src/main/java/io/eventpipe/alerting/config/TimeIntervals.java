package io.eventpipe.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code time_intervals} and the older {@code mute_time_intervals} into one name → interval map. */
final class TimeIntervals {
  private TimeIntervals() {}

  static Map<String, TimeInterval> parse(Settings root) {
    Map<String, TimeInterval> out = new LinkedHashMap<>();
    for (String field : List.of("mute_time_intervals", "time_intervals")) {
      JsonNode list = root.node == null ? null : root.node.get(field);
      if (list == null || list.isNull()) {
        continue;
      }
      for (int i = 0; i < list.size(); i++) {
        Settings t = root.at(field, i, list.get(i));
        t.onlyKnown(Set.of("name", "time_intervals"));
        String name = t.text("name", "");
        if (name.isEmpty()) {
          throw new IllegalArgumentException(t.path + ".name: missing name in time interval");
        }
        if (out.containsKey(name)) {
          throw new IllegalArgumentException(t.path + ".name: time interval \"" + name + "\" is not unique");
        }
        List<TimeInterval.Period> periods = new ArrayList<>();
        JsonNode items = t.node.get("time_intervals");
        for (int j = 0; items != null && j < items.size(); j++) {
          String at = t.path + ".time_intervals[" + j + "]";
          periods.add(TimeInterval.parse(at, Binder.bind(at, items.get(j), TimeInterval.PeriodYaml.class)));
        }
        out.put(name, new TimeInterval(name, List.copyOf(periods)));
      }
    }
    return Map.copyOf(out);
  }
}

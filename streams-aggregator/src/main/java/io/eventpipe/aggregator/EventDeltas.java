package io.eventpipe.aggregator;

import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.aggregator.definitions.Rule;
import io.eventpipe.schemas.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What each event kind changes: the series deltas of one event, as the loaded metrics.yml defines them. The rules
 * of every event type are compiled once (field positions, conditions, families resolved); per event this only
 * reads fields by position and builds the deltas.
 */
final class EventDeltas {
  private final MetricDefinitions definitions;
  private final Families families;

  EventDeltas(MetricDefinitions definitions, Families families) {
    this.definitions = definitions;
    this.families = families;
  }

  /** One compiled rule with its family record. */
  private record Compiled(Rule rule, Family family) {}

  /** The deltas of one input event kind. */
  <T extends SpecificRecord> Function<T, List<Delta>> of(EventType<T> type) {
    Compiled[] rules = definitions.rulesFor(type.name()).stream()
        .map(r -> new Compiled(r, families.of(r.family().name()))).toArray(Compiled[]::new);
    String topic = type.topic().name();
    int timePosition = type.schema().getField("event_time").pos();
    if (rules.length == 0) {
      return event -> List.of();
    }
    return event -> {
      long t = (Long) event.get(timePosition);
      List<Delta> out = new ArrayList<>(rules.length);
      for (Compiled c : rules) {
        Delta d = delta(c, event, t, topic);
        if (d != null) {
          out.add(d);
        }
      }
      return out;
    };
  }

  /** The delta of one rule for one event, or null when the event does not feed it. */
  private static Delta delta(Compiled c, SpecificRecord event, long t, String topic) {
    Rule rule = c.rule();
    if (!rule.matches(event)) {
      return null;
    }
    Map<String, String> labels = rule.labels(event);
    if (labels == null) {
      return null;
    }
    Family family = c.family();
    switch (family.update()) {
      case SUM -> {
        if (!rule.hasValue()) {
          return Delta.add(family, labels, 1, t, topic);
        }
        Double v = rule.value(event);
        return v == null ? null : Delta.add(family, labels, Math.round(v), t, topic);
      }
      case OBSERVE -> {
        Double v = rule.value(event);
        return v == null ? null : Delta.observe(family, labels, v, rule.traceId(event), t, topic);
      }
      case LATEST -> {
        Double v = rule.value(event);
        return v == null ? null : Delta.latest(family, labels, v, t, topic);
      }
      case DISTINCT -> {
        String member = rule.member(event);
        return member == null ? null : Delta.distinct(family, labels, member, t, topic);
      }
      default -> throw new IllegalStateException("unknown update " + family.update());
    }
  }

  /** The dead-letter counter's delta for one refused record. */
  static Delta deadLetter(String topic, String reason, long timestamp) {
    return Delta.add(Families.DEAD_LETTER_FAMILY, Map.of("topic", topic, "reason", reason), 1, timestamp, topic);
  }
}

package io.eventpipe.aggregator.definitions;

import io.eventpipe.schemas.EventType;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;

/**
 * One family fed by one event type, compiled once at load: its conditions, labels, value, distinct member and
 * trace id field, read from each event by position.
 */
public final class Rule {
  private final FamilyDefinition family;
  private final EventType<?> type;
  private final Condition[] where;
  private final String[] labelNames;
  private final LabelSource[] labels;
  private final FieldPath value;
  private final FieldPath member;
  private final FieldPath traceId;

  Rule(FamilyDefinition family, EventType<?> type, List<Condition> where, Map<String, LabelSource> labels,
      FieldPath value, FieldPath member, FieldPath traceId) {
    this.family = family;
    this.type = type;
    this.where = where.toArray(Condition[]::new);
    this.labelNames = labels.keySet().toArray(String[]::new);
    this.labels = labels.values().toArray(LabelSource[]::new);
    this.value = value;
    this.member = member;
    this.traceId = traceId;
  }

  public FamilyDefinition family() {
    return family;
  }

  public EventType<?> type() {
    return type;
  }

  /** Whether every condition holds for the event. */
  public boolean matches(IndexedRecord event) {
    for (Condition c : where) {
      if (!c.test(event)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The event's labels (immutable), or null when a label's field is absent without a default (the event is not
   * counted).
   */
  public Map<String, String> labels(IndexedRecord event) {
    if (labels.length == 0) {
      return Map.of();
    }
    String[] values = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      String v = labels[i].value(event);
      if (v == null) {
        return null;
      }
      values[i] = v;
    }
    return new EventLabels(labelNames, values);
  }

  /** The value field, or null when the family has none. */
  public boolean hasValue() {
    return value != null;
  }

  /** The event's value, or null when absent. */
  public Double value(IndexedRecord event) {
    return value.number(event);
  }

  /** The distinct member, or null when absent. */
  public String member(IndexedRecord event) {
    return member.text(event);
  }

  /** The event's trace id (histogram exemplars), or null. */
  public String traceId(IndexedRecord event) {
    return traceId == null ? null : traceId.text(event);
  }
}

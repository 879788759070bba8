package io.eventpipe.aggregator.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A dotted field path of an event ({@code source.service}, {@code status_code}, {@code attributes.table}) resolved
 * once against the event's Avro schema into field positions and map keys, so reading it is a few array and map
 * look-ups: no reflection and no string parsing per event.
 */
public final class FieldPath {
  /**
   * Decimal text of 0..999, made once: status codes are labels and conditions of most request rules, and a shared
   * string is neither allocated nor hashed again per event.
   */
  private static final String[] SMALL_INTS = java.util.stream.IntStream.range(0, 1000).mapToObj(Integer::toString)
      .toArray(String[]::new);

  private final String text;
  /** Per step: a field position (record step) or -1 for a map key step. */
  private final int[] positions;
  private final String[] keys;
  private final Schema.Type leaf;

  private FieldPath(String text, int[] positions, String[] keys, Schema.Type leaf) {
    this.text = text;
    this.positions = positions;
    this.keys = keys;
    this.leaf = leaf;
  }

  /** Resolves a path; throws {@link IllegalArgumentException} naming the step that does not exist. */
  public static FieldPath compile(Schema schema, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("an empty field path");
    }
    String[] steps = path.split("\\.", -1);
    List<Integer> positions = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Schema current = schema;
    for (int i = 0; i < steps.length; i++) {
      current = nonNull(current);
      String step = steps[i];
      if (current.getType() == Schema.Type.RECORD) {
        Schema.Field field = current.getField(step);
        if (field == null) {
          throw new IllegalArgumentException("no field '" + step + "' in " + current.getName() + " (fields: "
              + current.getFields().stream().map(Schema.Field::name).toList() + ")");
        }
        positions.add(field.pos());
        keys.add(null);
        current = field.schema();
      } else if (current.getType() == Schema.Type.MAP) {
        // A map key takes the rest of the path, so keys may contain dots (attributes.http.route).
        positions.add(-1);
        keys.add(String.join(".", java.util.Arrays.copyOfRange(steps, i, steps.length)));
        current = current.getValueType();
        break;
      } else {
        throw new IllegalArgumentException("'" + String.join(".", java.util.Arrays.copyOf(steps, i))
            + "' is a " + current.getType().getName() + ", it has no field '" + step + "'");
      }
    }
    Schema.Type leaf = nonNull(current).getType();
    if (leaf == Schema.Type.RECORD || leaf == Schema.Type.MAP || leaf == Schema.Type.ARRAY) {
      throw new IllegalArgumentException("'" + path + "' is a " + leaf.getName() + ", not a single value");
    }
    return new FieldPath(path, positions.stream().mapToInt(Integer::intValue).toArray(), keys.toArray(String[]::new),
        leaf);
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
  }

  /** Whether the value is a number (counters, histograms and gauges need one). */
  public boolean numeric() {
    return leaf == Schema.Type.INT || leaf == Schema.Type.LONG || leaf == Schema.Type.DOUBLE
        || leaf == Schema.Type.FLOAT;
  }

  /** The raw value, or null when the field (or a map key) is absent. */
  public Object get(IndexedRecord event) {
    Object current = event;
    for (int i = 0; i < positions.length && current != null; i++) {
      current = positions[i] >= 0 ? ((IndexedRecord) current).get(positions[i]) : ((Map<?, ?>) current).get(keys[i]);
    }
    return current;
  }

  /** The value as label text (enum symbols as written, numbers in decimal), or null when absent. */
  public String text(IndexedRecord event) {
    Object v = get(event);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof Integer i && i >= 0 && i < SMALL_INTS.length) {
      return SMALL_INTS[i];
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return v.toString();
  }

  /** The value as a number, or null when absent. */
  public Double number(IndexedRecord event) {
    Object v = get(event);
    return v == null ? null : ((Number) v).doubleValue();
  }

  @Override
  public String toString() {
    return text;
  }
}

package io.eventpipe.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventpipe.events.GpuSample;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Samples as plain JSON objects with the schema's field names and unwrapped unions (null for an unsupported
 * field): readable by people and scripts, and accepted as-is by the event codec's JSON input.
 *
 * <p>Why not Avro's JSON encoding: it wraps every nullable value ({"long": 42}), which the comparison script
 * and a human checking a host would have to unwrap.
 */
public final class SampleJson {
  private SampleJson() {}

  /** The samples as an indented JSON array, as {@code --once --print} shows them. */
  public static String pretty(List<GpuSample> samples) {
    return toJson(samples).toPrettyString();
  }

  public static ArrayNode toJson(List<GpuSample> samples) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    samples.forEach(sample -> array.add(record(sample)));
    return array;
  }

  private static ObjectNode record(IndexedRecord record) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      json.set(field.name(), value(record.get(field.pos())));
    }
    return json;
  }

  private static JsonNode value(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null) {
      return nodes.nullNode();
    } else if (value instanceof IndexedRecord nested) {
      return record(nested);
    } else if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(item -> array.add(value(item)));
      return array;
    } else if (value instanceof Integer i) {
      return nodes.numberNode(i);
    } else if (value instanceof Long l) {
      return nodes.numberNode(l);
    } else if (value instanceof Double d) {
      return nodes.numberNode(d);
    }
    return nodes.textNode(value.toString());
  }
}

package io.eventpipe.schemas.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Reads a plain JSON object (what a Python or shell client naturally writes) into an Avro record of a given
 * schema. Avro's own JSON decoder expects Avro's JSON encoding (unions wrapped as {"string": ...}), which is
 * not what other languages emit, so this small walker maps plain JSON onto the schema instead: unions of
 * null and one type take the plain value or null, enum symbols are case-insensitive, unknown JSON fields
 * are ignored (a newer writer), and absent fields take the schema default.
 */
final class JsonRecordReader {

  /** A JSON value that does not fit the schema; the path names the field. */
  static final class Mismatch extends Exception {
    final FailureReason reason;

    Mismatch(FailureReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private static final String UNKNOWN = "UNKNOWN";

  private JsonRecordReader() {}

  static GenericData.Record read(JsonNode json, Schema schema) throws Mismatch {
    return (GenericData.Record) value(json, schema, "");
  }

  private static Object value(JsonNode node, Schema schema, String path) throws Mismatch {
    switch (schema.getType()) {
      case RECORD -> {
        if (!node.isObject()) {
          throw invalid(path, "expected an object", node);
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
          JsonNode child = node.get(field.name());
          if (child == null || child.isNull()) {
            if (field.hasDefaultValue()) {
              Object def = field.defaultVal();
              record.put(field.pos(), def == JsonProperties.NULL_VALUE ? null : GenericData.get().getDefaultValue(field));
              continue;
            }
            throw new Mismatch(FailureReason.MISSING_FIELD, fieldPath + ": required field is missing");
          }
          record.put(field.pos(), value(child, field.schema(), fieldPath));
        }
        return record;
      }
      case UNION -> {
        Schema nonNull = null;
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL) {
            nonNull = branch;
          }
        }
        if (node.isNull() || nonNull == null) {
          return null;
        }
        return value(node, nonNull, path);
      }
      case STRING -> {
        if (!node.isTextual()) {
          throw invalid(path, "expected a string", node);
        }
        return node.textValue();
      }
      case LONG -> {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
          throw invalid(path, "expected an integer", node);
        }
        return node.longValue();
      }
      case INT -> {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw invalid(path, "expected a 32-bit integer", node);
        }
        return node.intValue();
      }
      case DOUBLE, FLOAT -> {
        if (!node.isNumber()) {
          throw invalid(path, "expected a number", node);
        }
        return schema.getType() == Schema.Type.FLOAT ? (Object) node.floatValue() : (Object) node.doubleValue();
      }
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          throw invalid(path, "expected true or false", node);
        }
        return node.booleanValue();
      }
      case ENUM -> {
        if (!node.isTextual()) {
          throw invalid(path, "expected one of " + schema.getEnumSymbols(), node);
        }
        String symbol = node.textValue().toUpperCase(Locale.ROOT);
        // UNKNOWN exists only so old readers can resolve newer symbols; a writer may not send it. (A default that
        // is a real symbol, such as MetricAggregate's WINDOW, may be sent.)
        if (!schema.hasEnumSymbol(symbol) || (symbol.equals(schema.getEnumDefault()) && symbol.equals(UNKNOWN))) {
          throw invalid(path, "unknown value, expected one of " + knownSymbols(schema), node);
        }
        return new GenericData.EnumSymbol(schema, symbol);
      }
      case ARRAY -> {
        if (!node.isArray()) {
          throw invalid(path, "expected an array", node);
        }
        List<Object> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          items.add(value(node.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return new GenericData.Array<>(schema, items);
      }
      case MAP -> {
        if (!node.isObject()) {
          throw invalid(path, "expected an object", node);
        }
        Map<String, Object> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          map.put(entry.getKey(), value(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
        }
        return map;
      }
      default -> throw invalid(path, "unsupported schema type " + schema.getType(), node);
    }
  }

  private static List<String> knownSymbols(Schema schema) {
    List<String> symbols = new ArrayList<>(schema.getEnumSymbols());
    symbols.remove(UNKNOWN);
    return symbols;
  }

  private static Mismatch invalid(String path, String why, JsonNode node) {
    String shown = node.toString();
    if (shown.length() > 80) {
      shown = shown.substring(0, 80) + "...";
    }
    return new Mismatch(FailureReason.INVALID_FIELD, (path.isEmpty() ? "record" : path) + ": " + why + ", got " + shown);
  }
}

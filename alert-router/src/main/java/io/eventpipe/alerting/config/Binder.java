package io.eventpipe.alerting.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/**
 * Binds one part of the YAML tree to a record with Jackson (snake_case fields), refusing unknown fields as
 * Alertmanager's strict YAML decoding does; errors name the field by its full path.
 */
final class Binder {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Binder() {}

  static <T> T bind(String path, JsonNode node, Class<T> type) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return MAPPER.treeToValue(node, type);
    } catch (ValueInstantiationException e) {
      // A record's constructor refused the values: its message names the field (records validate themselves).
      throw new IllegalArgumentException(path + where(e) + ": " + e.getCause().getMessage(), e);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(path + where(e) + ": unknown field", e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(path + where(e) + ": " + e.getOriginalMessage(), e);
    } catch (Exception e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static String where(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining());
  }
}

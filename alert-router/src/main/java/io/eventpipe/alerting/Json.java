package io.eventpipe.alerting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The router's JSON encoding of its own state records (alerts, silences, groups, notifications) and its serdes. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new SerializationException("not a valid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
    }
  }

  public static <T> Serde<T> serde(Class<T> type) {
    return Serdes.serdeFrom((topic, value) -> value == null ? null : write(value),
        (topic, bytes) -> bytes == null ? null : read(bytes, type));
  }
}

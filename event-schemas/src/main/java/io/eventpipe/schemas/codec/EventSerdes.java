package io.eventpipe.schemas.codec;

import io.eventpipe.schemas.EventType;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serdes over {@link EventCodec}: the edge where bytes become domain events. */
public final class EventSerdes {
  private EventSerdes() {}

  /** Writes Avro; reads into {@link Decoded} so bad records are data, not exceptions (for topologies). */
  public static <T extends SpecificRecord> Serde<Decoded<T>> decoded(EventType<T> type) {
    EventCodec<T> codec = EventCodec.of(type);
    Serializer<Decoded<T>> serializer = (topic, decoded) -> decoded == null ? null : codec.encode(decoded.event());
    Deserializer<Decoded<T>> deserializer = (topic, bytes) -> codec.decode(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** Writes Avro; reads events and throws {@link SerializationException} on a bad record (for plain clients). */
  public static <T extends SpecificRecord> Serde<T> strict(EventType<T> type) {
    EventCodec<T> codec = EventCodec.of(type);
    Serializer<T> serializer = (topic, event) -> event == null ? null : codec.encode(event);
    Deserializer<T> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      Decoded<T> decoded = codec.decode(bytes);
      if (decoded instanceof Decoded.Failure<T> failure) {
        throw new SerializationException(type.name() + " record on " + topic + ": " + failure.reason().headerValue()
            + ": " + failure.detail());
      }
      return decoded.event();
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}

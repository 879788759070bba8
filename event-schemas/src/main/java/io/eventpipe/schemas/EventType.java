package io.eventpipe.schemas;

import io.eventpipe.schemas.topics.Topic;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One kind of event: its generated Avro class, the topic it lives on, how its record key is derived,
 * and the semantic checks a decoded value must pass beyond what its schema enforces.
 */
public record EventType<T extends SpecificRecord>(
    String name,
    Class<T> javaClass,
    Schema schema,
    Topic topic,
    Function<T, String> key,
    Function<T, List<String>> violations) {

  /** The event's own time, epoch ms: every event schema has an {@code event_time} long field. */
  public long eventTime(T event) {
    return (Long) event.get(schema.getField("event_time").pos());
  }

  /** The problems with a decoded event ("duration_seconds: negative (-1.0)"); empty when valid. */
  public List<String> validate(T event) {
    return violations.apply(event);
  }
}

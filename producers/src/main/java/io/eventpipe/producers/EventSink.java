package io.eventpipe.producers;

import io.eventpipe.schemas.EventType;
import org.apache.avro.specific.SpecificRecord;

/** Where recorders hand finished events; {@link #record} returns at once and never throws for a full or absent broker. */
public interface EventSink {

  /**
   * Offers one event for delivery to its type's topic.
   *
   * @return false when the event was dropped (buffer full, sink closed, event not encodable); drops are counted
   */
  <T extends SpecificRecord> boolean record(EventType<T> type, T event);
}

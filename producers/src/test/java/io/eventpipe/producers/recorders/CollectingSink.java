package io.eventpipe.producers.recorders;

import io.eventpipe.producers.EventSink;
import io.eventpipe.schemas.EventType;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** An in-memory sink for recorder unit tests: keeps every event, in order. */
final class CollectingSink implements EventSink {
  final List<SpecificRecord> events = new ArrayList<>();

  @Override
  public synchronized <T extends SpecificRecord> boolean record(EventType<T> type, T event) {
    events.add(event);
    return true;
  }
}

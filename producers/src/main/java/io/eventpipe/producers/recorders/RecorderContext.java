package io.eventpipe.producers.recorders;

import io.eventpipe.events.Source;
import io.eventpipe.producers.EventSink;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * What every recorder stamps on an event: a fresh UUID event id, the event time (epoch ms from the clock)
 * and the emitting service and instance; and where the finished event goes.
 */
public record RecorderContext(EventSink sink, String service, String instance, Clock clock) {

  public RecorderContext {
    Objects.requireNonNull(sink, "sink");
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service: required and must not be blank");
    }
    if (instance == null || instance.isBlank()) {
      throw new IllegalArgumentException("instance: required and must not be blank");
    }
    Objects.requireNonNull(clock, "clock");
  }

  public static RecorderContext of(EventSink sink, String service, String instance) {
    return new RecorderContext(sink, service, instance, Clock.systemUTC());
  }

  public Source source() {
    return new Source(service, instance);
  }

  public String newEventId() {
    return UUID.randomUUID().toString();
  }

  public long now() {
    return clock.millis();
  }
}

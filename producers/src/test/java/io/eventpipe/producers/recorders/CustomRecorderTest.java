package io.eventpipe.producers.recorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.events.CustomEvent;
import io.eventpipe.schemas.EventTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomRecorderTest {
  private final CollectingSink sink = new CollectingSink();
  private final CustomRecorder custom = new CustomRecorder(new RecorderContext(sink, "api", "api-3",
      Clock.fixed(Instant.ofEpochMilli(1_763_800_000_000L), ZoneOffset.UTC)));

  @Test
  void recordsOneValidEventWithItsAttributesAndMeasurements() {
    assertThat(custom.record("cache_lookup", Map.of("cache_type", "redis", "result", "hit"), Map.of())).isTrue();
    CustomEvent e = (CustomEvent) sink.events.get(0);
    assertThat(e.getName()).isEqualTo("cache_lookup");
    assertThat(e.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("cache_type", "redis", "result", "hit"));
    assertThat(e.getEventTime()).isEqualTo(1_763_800_000_000L);
    assertThat(e.getSource().getInstance()).isEqualTo("api-3");
    assertThat(EventTypes.CUSTOM.validate(e)).isEmpty();
  }

  @Test
  void aTimerRecordsExactlyOnceOnCloseEvenWhenTheBodyThrows() {
    try (CustomTimer t = custom.time("db_query", Map.of("operation", "select"))) {
      t.attribute("table", "users").measurement("rows", 3);
    }
    assertThatThrownBy(() -> {
      try (CustomTimer t = custom.time("db_query", Map.of("operation", "update"))) {
        t.close();
        throw new IllegalStateException("query failed");
      }
    }).hasMessage("query failed");
    assertThat(sink.events).hasSize(2);
    CustomEvent first = (CustomEvent) sink.events.get(0);
    assertThat(first.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("operation", "select", "table", "users"));
    assertThat(first.getMeasurements()).containsEntry("rows", 3.0).containsKey(CustomTimer.DURATION);
    assertThat(first.getMeasurements().get(CustomTimer.DURATION)).isGreaterThanOrEqualTo(0.0);
    assertThat(((CustomEvent) sink.events.get(1)).getAttributes()).containsEntry("operation", "update");
  }
}

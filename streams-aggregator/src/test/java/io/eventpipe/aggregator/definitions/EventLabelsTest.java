package io.eventpipe.aggregator.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLabelsTest {
  private static final String[] NAMES = {"method", "status"};

  @Test
  void equalsAndHashesAsAnyMapWithTheSameEntries() {
    EventLabels labels = new EventLabels(NAMES, new String[] {"GET", "200"});
    Map<String, String> same = new HashMap<>(Map.of("status", "200", "method", "GET"));
    assertThat(labels).isEqualTo(same).hasSameHashCodeAs(same).containsExactlyInAnyOrderEntriesOf(same);
    assertThat(same).isEqualTo(labels);
    assertThat(labels).isEqualTo(new EventLabels(NAMES, new String[] {"GET", "200"}))
        .isNotEqualTo(new EventLabels(NAMES, new String[] {"GET", "500"}))
        .isNotEqualTo(Map.of("method", "GET"))
        .isNotEqualTo(new EventLabels(new String[] {"method", "code"}, new String[] {"GET", "200"}));
    assertThat(labels.get("status")).isEqualTo("200");
    assertThat(labels.get("route")).isNull();
    assertThat(labels.containsKey("method")).isTrue();
  }

  @Test
  void isImmutable() {
    EventLabels labels = new EventLabels(NAMES, new String[] {"GET", "200"});
    assertThatThrownBy(() -> labels.put("route", "/x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> labels.entrySet().iterator().next().setValue("POST"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

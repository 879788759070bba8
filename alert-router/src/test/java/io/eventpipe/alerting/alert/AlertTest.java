package io.eventpipe.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {
  private static Alert alert(long start, long end, long updated, boolean timeout) {
    return new Alert(Map.of("alertname", "A"), Map.of(), start, end, "", updated, timeout);
  }

  @Test
  void mergeKeepsEarliestStartAndYoungerEnd() {
    Alert old = alert(1_000, 301_000, 1_000, true);
    Alert refresh = alert(60_000, 360_000, 60_000, true);
    assertThat(old.overlaps(refresh)).isTrue();
    Alert merged = old.merge(refresh);
    assertThat(merged.startsAt()).isEqualTo(1_000);
    assertThat(merged.endsAt()).isEqualTo(360_000);
  }

  @Test
  void explicitLaterEndWinsOverTimeoutUpdate() {
    Alert old = alert(1_000, 900_000, 1_000, false);
    Alert refresh = alert(60_000, 360_000, 60_000, true);
    assertThat(old.merge(refresh).endsAt()).isEqualTo(900_000);
  }

  @Test
  void resolvingUpdateEndsTheAlert() {
    Alert old = alert(1_000, 301_000, 1_000, true);
    Alert resolve = alert(1_000, 50_000, 50_000, false);
    Alert merged = old.merge(resolve);
    assertThat(merged.endsAt()).isEqualTo(50_000);
    assertThat(merged.resolvedAt(50_000)).isTrue();
    assertThat(merged.resolvedAt(49_999)).isFalse();
  }

  @Test
  void laterOccurrenceDoesNotOverlapResolvedOne() {
    Alert old = alert(1_000, 50_000, 50_000, false);
    Alert again = alert(100_000, 400_000, 100_000, true);
    assertThat(old.overlaps(again)).isFalse();
  }
}

package io.eventpipe.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceTest {
  private static Silence silence(List<Silence.SilenceMatcher> matchers, long start, long end) {
    return new Silence("s1", matchers, start, end, "me", "maintenance", start);
  }

  @Test
  void activeBetweenStartAndEndInclusive() {
    Silence s = silence(List.of(new Silence.SilenceMatcher("alertname", "A", false, true)), 100, 200);
    Map<String, String> labels = Map.of("alertname", "A", "x", "y");
    assertThat(s.mutes(labels, 99)).isFalse();
    assertThat(s.state(99)).isEqualTo("pending");
    assertThat(s.mutes(labels, 100)).isTrue();
    assertThat(s.mutes(labels, 200)).isTrue();
    assertThat(s.mutes(labels, 201)).isFalse();
    assertThat(s.state(201)).isEqualTo("expired");
  }

  @Test
  void allMatchersMustMatchIncludingNegativeAndRegex() {
    Silence s = silence(List.of(new Silence.SilenceMatcher("service", "api|web", true, true),
        new Silence.SilenceMatcher("env", "dev", false, false)), 0, 10);
    assertThat(s.mutes(Map.of("service", "api", "env", "prod"), 5)).isTrue();
    assertThat(s.mutes(Map.of("service", "api", "env", "dev"), 5)).isFalse();
    assertThat(s.mutes(Map.of("service", "apis", "env", "prod"), 5)).isFalse();
  }

  @Test
  void refusesInvalidSilencesNamingTheField() {
    assertThatThrownBy(() -> silence(List.of(), 0, 10).validate()).hasMessageStartingWith("matchers:");
    assertThatThrownBy(() -> silence(List.of(new Silence.SilenceMatcher("a", "b", false, true)), 10, 5).validate())
        .hasMessageStartingWith("endsAt:");
    assertThatThrownBy(() -> silence(List.of(new Silence.SilenceMatcher("a", ".*", true, true)), 0, 5).validate())
        .hasMessageContaining("empty label set");
  }
}

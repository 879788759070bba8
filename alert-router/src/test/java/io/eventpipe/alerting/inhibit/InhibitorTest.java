package io.eventpipe.alerting.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Matchers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InhibitorTest {
  private static Alert alert(Map<String, String> labels, long endsAt) {
    return new Alert(labels, Map.of(), 1, endsAt, "", 1, false);
  }

  private final Inhibitor inhibitor = new Inhibitor(List.of(new InhibitRule(Matchers.parse("severity=\"critical\""),
      Matchers.parse("severity=\"warning\""), Set.of("service"))));

  @Test
  void firingSourceWithEqualLabelsMutesTarget() {
    Alert source = alert(Map.of("alertname", "Down", "severity", "critical", "service", "api"), 0);
    assertThat(inhibitor.mutes(Map.of("alertname", "Slow", "severity", "warning", "service", "api"),
        List.of(source), 100)).isTrue();
    assertThat(inhibitor.mutes(Map.of("alertname", "Slow", "severity", "warning", "service", "web"),
        List.of(source), 100)).isFalse();
    assertThat(inhibitor.mutes(Map.of("alertname", "Slow", "severity", "info", "service", "api"),
        List.of(source), 100)).isFalse();
  }

  @Test
  void resolvedSourceNoLongerMutes() {
    Alert source = alert(Map.of("alertname", "Down", "severity", "critical", "service", "api"), 50);
    Map<String, String> target = Map.of("alertname", "Slow", "severity", "warning", "service", "api");
    assertThat(inhibitor.mutes(target, List.of(source), 49)).isTrue();
    assertThat(inhibitor.mutes(target, List.of(source), 50)).isFalse();
  }

  @Test
  void missingEqualLabelOnBothSidesCountsAsEqual() {
    Alert source = alert(Map.of("alertname", "Down", "severity", "critical"), 0);
    assertThat(inhibitor.mutes(Map.of("alertname", "Slow", "severity", "warning"), List.of(source), 1)).isTrue();
  }

  @Test
  void alertMatchingBothSidesDoesNotInhibitItselfNorPeersMatchingBothSides() {
    Inhibitor any = new Inhibitor(List.of(new InhibitRule(Matchers.parse("team=\"ops\""),
        Matchers.parse("team=\"ops\""), Set.of("cluster"))));
    Map<String, String> a = Map.of("alertname", "A", "team", "ops", "cluster", "c1");
    Map<String, String> b = Map.of("alertname", "B", "team", "ops", "cluster", "c1");
    assertThat(any.mutes(a, List.of(alert(a, 0), alert(b, 0)), 1)).isFalse();
  }
}

package io.eventpipe.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void matchesTheFingerprintsAlertmanager025Printed() {
    // Reference values from a real prometheus-alertmanager 0.25 given the same labels via POST /api/v2/alerts.
    assertThat(Fingerprint.hex(Map.of("alertname", "HighLatency", "service", "api", "severity", "critical",
        "team", "api"))).isEqualTo("1fc94f574df4d246");
    assertThat(Fingerprint.hex(Map.of("alertname", "X"))).isEqualTo("d2aeefc389ca7746");
  }

  @Test
  void emptyLabelSetIsTheFnvOffset() {
    assertThat(Fingerprint.of(Map.of())).isEqualTo(0xcbf29ce484222325L);
  }
}

package io.eventpipe.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.producers.truth.GroundTruth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final SimulationConfig BASE = SimulationConfig.defaults(7).withStartMs(1_763_800_000_000L)
      .withRate(100).withCount(3_000L).withUsers(200).withPace(false);

  @Test
  void sameSeedGivesIdenticalRecordsAndTruthAndAnotherSeedDoesNot() {
    List<SimRecord> a = Simulator.records(BASE).toList();
    List<SimRecord> b = Simulator.records(BASE).toList();
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
      assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
    }
    GroundTruth truth = Simulator.expectedTruth(BASE);
    assertThat(Simulator.expectedTruth(BASE)).isEqualTo(truth);
    assertThat(Simulator.expectedTruth(BASE.withSeed(8))).isNotEqualTo(truth);
  }

  @Test
  void eventTimesComeFromTheSimulatedClock() {
    List<SimRecord> records = Simulator.records(BASE.withRate(50)).toList();
    assertThat(records).hasSize(3_000);
    GroundTruth truth = Simulator.expectedTruth(BASE.withRate(50));
    assertThat(truth.endMs() - truth.startMs()).isEqualTo(60_000);
    assertThat(Simulator.records(BASE.withCount(null).withDuration(Duration.ofSeconds(10))).count()).isEqualTo(1_000);
  }

  @Test
  void incidentsMakeTheirAlertsFire() {
    SimulationConfig config = BASE.withCount(6_000L);
    GroundTruth calm = Simulator.expectedTruth(config);
    GroundTruth errors = Simulator.expectedTruth(config.withIncidents(List.of(Incident.parse("error-spike"))));
    assertThat(serverErrorRatio(calm)).isLessThan(0.03);
    assertThat(serverErrorRatio(errors)).isGreaterThan(0.15);

    GroundTruth backlog = Simulator.expectedTruth(config.withIncidents(List.of(Incident.parse("queue-backlog@30s"))));
    assertThat(backlog.gauges()).containsEntry("celery_active_workers", 0.0);
    double queued = backlog.gauges().entrySet().stream().filter(e -> e.getKey().startsWith("celery_queue_length"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertThat(queued).isGreaterThan(50);

    GroundTruth hot = Simulator.expectedTruth(config.withIncidents(List.of(Incident.parse("gpu-overheat"))));
    assertThat(hot.gauges().entrySet().stream()
        .filter(e -> e.getKey().startsWith("gpu_temperature_celsius{") && e.getKey().contains("gpu_id=\"0\""))
        .findFirst().orElseThrow().getValue()).isGreaterThanOrEqualTo(88.0);

    GroundTruth slow = Simulator.expectedTruth(config.withIncidents(List.of(Incident.parse("latency-spike"))));
    // The alert is "p95 > 2 s": more than 5% of api requests must be slower than the 2.5 s bucket.
    assertThat(fractionSlowerThan(calm, "2.5")).isLessThan(0.01);
    assertThat(fractionSlowerThan(slow, "2.5")).isGreaterThan(0.10);
  }

  @Test
  void incidentSyntax() {
    Incident i = Incident.parse("latency-spike@30s+2m");
    assertThat(i.kind()).isEqualTo(Incident.Kind.LATENCY_SPIKE);
    assertThat(i.activeAt(29_999)).isFalse();
    assertThat(i.activeAt(30_000)).isTrue();
    assertThat(i.activeAt(149_999)).isTrue();
    assertThat(i.activeAt(150_000)).isFalse();
    assertThat(Incident.parse("gpu-overheat").activeAt(Long.MAX_VALUE / 2)).isTrue();
    assertThatThrownBy(() -> Incident.parse("meteor-strike")).hasMessageContaining("unknown kind 'meteor-strike'");
    assertThatThrownBy(() -> Incident.parse("error-spike@soon")).hasMessageContaining("bad duration 'soon'");
    assertThatThrownBy(() -> BASE.withRate(0)).hasMessageContaining("rate");
    assertThatThrownBy(() -> BASE.withBadRatio(1.5)).hasMessageContaining("badRatio");
  }

  private static double serverErrorRatio(GroundTruth truth) {
    double all = 0;
    double errors = 0;
    for (Map.Entry<String, Double> e : truth.counters().entrySet()) {
      if (e.getKey().startsWith("http_requests_total{") && e.getKey().contains("service=\"api\"")) {
        all += e.getValue();
        if (e.getKey().contains("status=\"5")) {
          errors += e.getValue();
        }
      }
    }
    return errors / all;
  }

  private static double fractionSlowerThan(GroundTruth truth, String le) {
    double within = 0;
    double all = 0;
    for (Map.Entry<String, Double> e : truth.counters().entrySet()) {
      if (e.getKey().startsWith("http_request_duration_seconds_bucket{") && e.getKey().contains("service=\"api\"")) {
        if (e.getKey().contains("le=\"" + le + "\"")) {
          within += e.getValue();
        } else if (e.getKey().contains("le=\"+Inf\"")) {
          all += e.getValue();
        }
      }
    }
    return 1 - within / all;
  }
}

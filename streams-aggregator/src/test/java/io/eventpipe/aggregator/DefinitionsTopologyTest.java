package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.CustomEvent;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.EventTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Families declared in metrics.yml, fed through the production topology: custom events, distinct, caps, windows. */
class DefinitionsTopologyTest {
  private static final Path DEFAULT = Path.of("..", "deploy", "metrics", "metrics.yml");
  private static final Path EXAMPLE = Path.of("..", "deploy", "metrics", "examples", "custom-events.yml");

  @TempDir
  Path dir;

  /** The default file with the example families appended: one file, as a user would write it. */
  static MetricDefinitions defaultPlusExample() throws Exception {
    String example = Files.readString(EXAMPLE);
    return MetricDefinitions.parse("combined.yml",
        Files.readString(DEFAULT) + "\n" + example.substring(example.indexOf("families:") + "families:".length()));
  }

  @Test
  void theSimulatorsCustomEventsAndEverythingElseEqualTheTruthExactly() throws Exception {
    SimulationConfig sim = SimulationConfig.defaults(3).withStartMs(Events.T0).withRate(100).withCount(20_000L)
        .withPace(false).withCustomEvents(true);
    GroundTruth truth = Simulator.expectedTruth(sim);
    assertThat(truth.recordsSent()).containsKey("events.custom");
    assertThat(truth.counters().keySet()).anyMatch(k -> k.startsWith("db_query_duration_seconds_bucket{"))
        .anyMatch(k -> k.startsWith("cache_hits_total{")).anyMatch(k -> k.startsWith("cache_misses_total{"));
    assertThat(truth.gauges().keySet()).anyMatch(k -> k.startsWith("http_requests_in_progress{"));
    try (TopologyFixture fixture = new TopologyFixture(dir, 10_000, TopologyFixture.WALL, defaultPlusExample())) {
      Simulator.records(sim).forEach(r -> fixture.raw(r.topic().name(), r.key().getBytes(StandardCharsets.UTF_8),
          r.value()));
      Map<String, Double> samples = new HashMap<>();
      fixture.samples().forEach((k, v) -> samples.put(Samples.seriesId(k), v));
      Truth.assertMatches(truth, samples);
    }
  }

  @Test
  void distinctWindowsCapsUnpublishedFamiliesAndDivisorsComeFromTheFile() throws Exception {
    MetricDefinitions defs = MetricDefinitions.parse("t.yml", """
        families:
          - name: job_users
            type: distinct
            from: custom
            where: {name: job}
            of: attributes.user
            labels: {kind: attributes.kind}
            windows:
              - {window: 1d, name: job_users_daily, help: Distinct users running jobs today.}
              - {window: 5m, name: job_users_5m}
          - name: job_kinds_total
            type: counter
            from: custom
            where: {name: job}
            cardinality_cap: 2
            labels: {kind: attributes.kind}
          - name: job_kib
            type: counter
            export_as: gauge
            from: custom
            where: {name: job}
            value: measurements.bytes
            divisor: 1024
            windowed: false
        """);
    try (TopologyFixture fixture = new TopologyFixture(dir, 10_000, TopologyFixture.WALL, defs)) {
      long t = Events.T0;
      String[][] jobs = {{"u1", "render"}, {"u2", "render"}, {"u1", "render"}, {"u3", "upload"}, {"u1", "thumb"}};
      for (int i = 0; i < jobs.length; i++) {
        fixture.send(EventTypes.CUSTOM, CustomEvent.newBuilder().setEventId("j" + i).setEventTime(t + i * 1000L)
            .setSource(Events.source("api")).setName("job").setAttributes(Map.of("user", jobs[i][0], "kind", jobs[i][1]))
            .setMeasurements(Map.of("bytes", 512.0)).build());
      }
      Map<String, Double> samples = fixture.samples();
      assertThat(samples).containsEntry("job_users_daily{kind=\"render\"}", 2.0)
          .containsEntry("job_users_daily{kind=\"upload\"}", 1.0).containsEntry("job_users_5m{kind=\"render\"}", 2.0)
          .containsEntry("job_users_5m{kind=\"thumb\"}", 1.0)
          .containsEntry("job_kinds_total{kind=\"render\"}", 3.0).containsEntry("job_kinds_total{kind=\"upload\"}", 1.0)
          .containsEntry("job_kinds_total{kind=\"other\"}", 1.0)
          .containsEntry("eventpipe_series_folded_total{metric=\"job_kinds_total\"}", 1.0)
          .containsEntry("job_kib", 2.5);
      assertThat(fixture.text()).contains("# HELP job_users_daily Distinct users running jobs today.")
          .contains("# TYPE job_kib gauge");
      // Past end + grace of the window on the wall clock: windows close; only windowed families are published.
      fixture.advanceWallClock(Duration.ofMinutes(5));
      List<MetricAggregate> windows = fixture.windows();
      assertThat(windows).extracting(MetricAggregate::getMetric).contains("job_kinds_total")
          .doesNotContain("job_kib", "job_users");
    }
  }

  /** MRR is a family of the file like any other: renamed under the user's prefix, or not exported when left out. */
  @Test
  void subscriptionMrrIsExportedUnderTheFilesNameOrNotAtAll() throws Exception {
    MetricDefinitions renamed = MetricDefinitions.parse("t.yml", """
        families:
          - {name: myapp_mrr_usd, type: subscription_mrr, from: billing, help: MRR in USD.}
          - {name: myapp_payments_total, type: counter, from: billing, where: {kind: PAYMENT}}
        """);
    MetricDefinitions without = MetricDefinitions.parse("t.yml", """
        families:
          - {name: myapp_payments_total, type: counter, from: billing, where: {kind: PAYMENT}}
        """);
    for (MetricDefinitions defs : List.of(renamed, without)) {
      try (TopologyFixture fixture = new TopologyFixture(dir.resolve(defs == renamed ? "renamed" : "without"), 10_000,
          TopologyFixture.WALL, defs)) {
        long t = Events.T0;
        fixture.send(Events.subscription(t, BillingKind.SUBSCRIPTION_STARTED, "u1", null, "pro", BillingCycle.MONTHLY,
            2000L));
        fixture.send(Events.subscription(t, BillingKind.SUBSCRIPTION_STARTED, "u2", null, "team", BillingCycle.YEARLY,
            12_000L));
        fixture.send(Events.subscription(t + 1, BillingKind.SUBSCRIPTION_CANCELLED, "u1", "pro", null, null, null));
        fixture.send(Events.billing(t + 2, BillingKind.PAYMENT, "u2").setPlan("team").setAmountMinor(12_000L)
            .setCurrency("USD").build());
        Map<String, Double> samples = fixture.samples();
        assertThat(samples).containsEntry("myapp_payments_total", 1.0).doesNotContainKey("subscription_mrr_usd");
        if (defs == renamed) {
          // u2's yearly 120 USD is 10 USD a month; u1 cancelled.
          assertThat(samples).containsEntry("myapp_mrr_usd", 10.0);
          assertThat(fixture.text()).contains("# HELP myapp_mrr_usd MRR in USD.").contains("# TYPE myapp_mrr_usd gauge");
        } else {
          assertThat(samples.keySet()).noneMatch(k -> k.contains("mrr"));
        }
      }
    }
  }
}

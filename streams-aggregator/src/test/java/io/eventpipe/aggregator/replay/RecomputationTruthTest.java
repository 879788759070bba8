package io.eventpipe.aggregator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventpipe.aggregator.Recomputation;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.metrics.MetricNames;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The recomputation alone (no broker): two hours of seeded traffic fed record by record; at every minute boundary
 * the exported samples must equal the simulator's ground truth of the events before it, exactly for counters,
 * histogram buckets and gauges, within 2% for distinct users.
 */
class RecomputationTruthTest {
  static final Duration SPAN = Duration.ofHours(2);

  @Test
  void everyMinuteEqualsTheGroundTruthOfTheEventsBeforeIt() throws Exception {
    var config = History.config(7, SPAN);
    Map<Long, GroundTruth> truth = History.truthAtMinutes(config, SPAN);
    Recomputation replay = new Recomputation(History.START_MS, History.START_MS + SPAN.toMillis(), Duration.ofMinutes(1),
        Set.of(), Duration.ofMinutes(5), Duration.ofSeconds(60));
    long now = System.currentTimeMillis();
    Simulator.records(config).forEach(r -> replay.accept(r.topic().name(), r.value(), now));
    Map<Long, Map<String, Double>> exported = new TreeMap<>();
    replay.emit((time, snapshots, windows) -> {
      Map<String, Double> samples = new HashMap<>();
      Exposed.forEach(snapshots, m -> m.samples().forEach(s -> samples.put(s.seriesId(), s.value())));
      exported.put(time, samples);
    });

    assertThat(exported.keySet()).containsExactlyElementsOf(truth.keySet());
    truth.forEach((t, expected) -> assertMatches(t, expected, exported.get(t)));
    GroundTruth last = truth.get(Collections.max(truth.keySet()));
    assertThat(replay.refused()).isEqualTo(last.rejected());
    assertThat(last.counters().entrySet().stream().filter(e -> e.getKey().startsWith(MetricNames.HTTP_REQUESTS + "{"))
        .mapToDouble(Map.Entry::getValue).sum()).as("requests in the history").isGreaterThan(10_000);
    assertThat(last.rejected()).as("the history has invalid records").isNotEmpty();
    assertThat(last.dailyActiveUsers()).as("the history has active users").isNotEmpty();
  }

  @Test
  void aLaterRangeCountsFromItsStartAndMrrIncludesEarlierSubscriptions() throws Exception {
    var config = History.config(7, SPAN);
    Map<Long, GroundTruth> truth = History.truthAtMinutes(config, SPAN);
    long from = History.START_MS + 3_600_000;
    Recomputation replay = new Recomputation(from, History.START_MS + SPAN.toMillis(), Duration.ofMinutes(1),
        Set.of(), Duration.ofMinutes(5), Duration.ofSeconds(60));
    long now = System.currentTimeMillis();
    Simulator.records(config).forEach(r -> replay.accept(r.topic().name(), r.value(), now));
    GroundTruth atFrom = truth.get(from);
    Map<Long, Map<String, Double>> exported = new TreeMap<>();
    replay.emit((time, snapshots, windows) -> {
      Map<String, Double> samples = new HashMap<>();
      Exposed.forEach(snapshots, m -> m.samples().forEach(s -> samples.put(s.seriesId(), s.value())));
      exported.put(time, samples);
    });
    assertThat(exported).hasSize(60);
    exported.forEach((t, samples) -> {
      GroundTruth expected = truth.get(t);
      expected.counters().forEach((series, value) -> {
        double since = value - atFrom.counters().getOrDefault(series, 0.0);
        if (!series.contains("_sum") && since > 0) {
          assertThat(samples.get(series)).as(series + " since from, at " + t).isEqualTo(since);
        }
      });
      double mrr = expected.gauges().get(MetricNames.MRR);
      assertThat(samples.get(MetricNames.MRR)).as("MRR at " + t).isCloseTo(mrr, within(mrr * 1e-9));
    });
  }

  @Test
  void familiesLimitTheOutputAndNamesAreResolvedAsUsersQueryThem() throws Exception {
    var config = History.config(7, Duration.ofMinutes(10));
    Recomputation replay = new Recomputation(History.START_MS, History.START_MS + 600_000, Duration.ofMinutes(5),
        Recomputation.families(List.of(MetricNames.HTTP_REQUESTS, MetricNames.DAILY_ACTIVE_USERS)),
        Duration.ofMinutes(5), Duration.ofSeconds(60));
    long now = System.currentTimeMillis();
    Simulator.records(config).forEach(r -> replay.accept(r.topic().name(), r.value(), now));
    Map<Long, java.util.Set<String>> names = new TreeMap<>();
    replay.emit((time, snapshots, windows) -> {
      java.util.Set<String> seen = new java.util.TreeSet<>();
      Exposed.forEach(snapshots, m -> m.samples().forEach(s -> seen.add(s.name())));
      windows.forEach(w -> seen.add("window:" + w.getMetric() + "@" + (w.getWindowEnd() - w.getWindowStart())));
      names.put(time, seen);
    });
    assertThat(names.keySet()).containsExactly(History.START_MS + 300_000, History.START_MS + 600_000);
    names.values().forEach(seen -> assertThat(seen).containsExactly(MetricNames.ACTIVE_USERS,
        MetricNames.DAILY_ACTIVE_USERS, MetricNames.HTTP_REQUESTS, MetricNames.MONTHLY_ACTIVE_USERS,
        "window:" + MetricNames.HTTP_REQUESTS + "@300000"));
    assertThat(Recomputation.families(List.of("monthly_active_users", "http_request_duration_seconds")))
        .containsExactly(MetricNames.ACTIVE_USERS, MetricNames.HTTP_REQUEST_DURATION);
  }

  static void assertMatches(long t, GroundTruth truth, Map<String, Double> actual) {
    truth.counters().forEach((series, value) -> {
      assertThat(actual).as("at %d", t).containsKey(series);
      if (series.contains("_sum{") || series.endsWith("_sum")) {
        assertThat(actual.get(series)).as(series + " at " + t).isCloseTo(value, within(Math.abs(value) * 1e-9));
      } else {
        assertThat(actual.get(series)).as(series + " at " + t).isEqualTo(value);
      }
    });
    // MRR: the exporter divides an exact integer sum once, the truth may have added rounded monthly prices.
    truth.gauges().forEach((series, value) -> assertThat(actual.get(series)).as(series + " at " + t)
        .isCloseTo(value, within(value == Math.rint(value) ? 0 : Math.abs(value) * 1e-9)));
    List<String> requestSeries = actual.keySet().stream().filter(k -> k.startsWith(MetricNames.HTTP_REQUESTS + "{"))
        .toList();
    assertThat(requestSeries).as("no request series beyond the truth's at " + t).allMatch(truth.counters()::containsKey);
    Map<String, Long> daily = truth.dailyActiveUsers().isEmpty() ? Map.of()
        : truth.dailyActiveUsers().get(Collections.max(truth.dailyActiveUsers().keySet()));
    daily.forEach((plan, users) -> assertThat(actual.get(MetricNames.DAILY_ACTIVE_USERS + "{plan=\"" + plan + "\"}"))
        .as("daily active users " + plan + " at " + t).isCloseTo(users.doubleValue(), within(users * 0.02)));
  }
}

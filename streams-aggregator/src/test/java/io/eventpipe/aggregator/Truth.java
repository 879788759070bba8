package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.metrics.MetricNames;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compares what aggregator instances export with the simulator's ground-truth file. */
final class Truth {
  private Truth() {}

  /** The samples of all instances, summed per series id (labels sorted, as the ground truth writes them). */
  static Map<String, Double> scrapeAll(List<URI> instances) {
    Map<String, Double> sum = new HashMap<>();
    for (URI uri : instances) {
      Samples.parse(Http.metrics(uri)).forEach((k, v) -> sum.merge(Samples.seriesId(k), v, Double::sum));
    }
    return sum;
  }

  static double totalRequests(Map<String, Double> samples) {
    return samples.entrySet().stream().filter(e -> e.getKey().startsWith(MetricNames.HTTP_REQUESTS + "{"))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  /**
   * Every counter and bucket exactly (sums of float observations to a relative 1e-9), every gauge exactly,
   * refused records by reason exactly, distinct users of the newest day and month within 2%.
   */
  static void assertMatches(GroundTruth truth, Map<String, Double> actual) {
    truth.counters().forEach((series, value) -> {
      assertThat(actual).as("exported series").containsKey(series);
      if (series.contains("_sum{") || series.endsWith("_sum")) {
        assertThat(actual.get(series)).as(series).isCloseTo(value, within(Math.abs(value) * 1e-9));
      } else {
        assertThat(actual.get(series)).as(series).isEqualTo(value);
      }
    });
    // MRR is a sum of prices divided by 12: the exporter divides an exact integer sum once, the truth may have
    // added rounded monthly prices; fractional gauges are compared to a relative 1e-9, whole ones exactly.
    truth.gauges().forEach((series, value) -> assertThat(actual.get(series)).as(series)
        .isCloseTo(value, within(value == Math.rint(value) ? 0 : Math.abs(value) * 1e-9)));
    assertThat(actual.keySet().stream().filter(k -> k.startsWith(MetricNames.HTTP_REQUESTS + "{")).toList())
        .as("no request series beyond the ground truth's").allMatch(truth.counters()::containsKey);
    truth.rejected().forEach((reason, count) -> assertThat(actual.entrySet().stream()
        .filter(e -> e.getKey().startsWith(Families.DEAD_LETTERS + "{") && e.getKey().contains("reason=\"" + reason + "\""))
        .mapToDouble(Map.Entry::getValue).sum()).as("dead letters " + reason).isEqualTo(count.doubleValue()));
    assertDistinct(actual, MetricNames.DAILY_ACTIVE_USERS, newest(truth.dailyActiveUsers()));
    assertDistinct(actual, MetricNames.MONTHLY_ACTIVE_USERS, newest(truth.monthlyActiveUsers()));
  }

  private static Map<String, Long> newest(Map<String, Map<String, Long>> byWindow) {
    return byWindow.isEmpty() ? Map.of() : byWindow.get(Collections.max(byWindow.keySet()));
  }

  private static void assertDistinct(Map<String, Double> actual, String metric, Map<String, Long> truth) {
    truth.forEach((plan, users) -> assertThat(actual.get(metric + "{plan=\"" + plan + "\"}")).as(metric + " " + plan)
        .isCloseTo(users.doubleValue(), within(users * 0.02)));
  }
}

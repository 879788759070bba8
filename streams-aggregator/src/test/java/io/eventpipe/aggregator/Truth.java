package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventpipe.schemas.metrics.MetricNames;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares what aggregator instances export with {@link Traffic}'s oracle. */
final class Truth {
  private Truth() {}

  /** The samples of all instances, summed per series (each instance exports only its own tasks' series). */
  static Map<String, Double> scrapeAll(List<URI> instances) {
    Map<String, Double> sum = new HashMap<>();
    for (URI uri : instances) {
      Samples.parse(Http.metrics(uri)).forEach((k, v) -> sum.merge(k, v, Double::sum));
    }
    return sum;
  }

  static double totalRequests(Map<String, Double> samples) {
    return samples.entrySet().stream().filter(e -> e.getKey().startsWith(MetricNames.HTTP_REQUESTS + "{"))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  /** Every predicted counter and bucket exactly (sums of float observations to 1e-9), distinct users within 2%. */
  static void assertMatches(Traffic traffic, Map<String, Double> actual) {
    for (Map.Entry<String, Double> e : traffic.expected.entrySet()) {
      assertThat(actual).as("exported series").containsKey(e.getKey());
      if (e.getKey().contains("_sum{")) {
        assertThat(actual.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(Math.abs(e.getValue()) * 1e-9));
      } else {
        assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    assertThat(actual.keySet().stream().filter(k -> k.startsWith(MetricNames.HTTP_REQUESTS + "{")).toList())
        .as("no series beyond the predicted ones")
        .allMatch(traffic.expected::containsKey);
    assertDistinct(actual, MetricNames.DAILY_ACTIVE_USERS, traffic.dailyUsers);
    assertDistinct(actual, MetricNames.MONTHLY_ACTIVE_USERS, traffic.monthlyUsers);
  }

  private static void assertDistinct(Map<String, Double> actual, String metric, Map<String, Set<String>> truth) {
    truth.forEach((plan, users) -> assertThat(actual.get(metric + "{plan=\"" + plan + "\"}")).as(metric + " " + plan)
        .isCloseTo(users.size(), within(users.size() * 0.02)));
  }
}

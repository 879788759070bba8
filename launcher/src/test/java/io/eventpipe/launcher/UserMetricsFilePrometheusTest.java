package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's metrics.yml with their own prefix and label names (route, status_code): a real Prometheus scraping the
 * aggregator answers their dashboard's queries with the simulator's truth.
 */
class UserMetricsFilePrometheusTest {
  private static final Pattern ENDPOINT = Pattern.compile("endpoint=\"([^\"]*)\"");
  private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");
  private static final Pattern STATUS = Pattern.compile("status=\"(\\d+)\"");
  private static final Pattern SERVICE = Pattern.compile("service=\"([^\"]*)\"");
  private static final String USER_FILE = """
      families:
        - name: myapp_http_requests_total
          type: counter
          from: request
          labels: {service: source.service, route: route, status_code: status_code,
                   status_class: {from: status_code, transform: status_class}}
        - name: myapp_http_request_duration_seconds
          type: histogram
          from: request
          value: duration_seconds
          buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
          labels: {route: route}
      """;

  @Test
  void aUserFileWithItsOwnPrefixAndLabelsAnswersTheirQueries(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("metrics.yml"), USER_FILE);
    try (EmbeddedKafkaBroker broker = BrokerCommand.startBrokerWithTopics(0, null);
        AggregatorApp aggregator = AggregatorApp.start(AggregatorConfig.defaults(broker.bootstrapServers())
            .withMetricsPort(0).withStateDir(dir.resolve("state")).withDefinitions(MetricDefinitions.load(file)))) {
      // Two batches, so that rate() over the scrapes has an increase to measure.
      SimulationConfig first = SimulationConfig.defaults(5).withRate(100).withCount(6_000L).withPace(false)
          .withErrorRate(0.05).withStartMs(System.currentTimeMillis() - 240_000);
      GroundTruth truth = Simulator.send(first, broker.bootstrapServers());
      // Prometheus starts once the first batch is consumed, so its first sample of every series is that batch's
      // exact total, and rate() over the window below measures exactly the second batch.
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(aggregator::caughtUp);
      try (ScrapingPrometheus prometheus = ScrapingPrometheus.start(dir, aggregator)) {
        prometheus.awaitTwoScrapesAfterCatchUp(aggregator);

        // Instant values equal the truth exactly.
        double errorRatio = ratio5xx(truth, series -> true);
        assertThat(prometheus.value("sum(myapp_http_requests_total{status_code=~\"5..\"}) / sum(myapp_http_requests_total)"))
            .isCloseTo(errorRatio, within(1e-12));
        assertThat(prometheus.value("sum(myapp_http_requests_total{status_class=\"5xx\"}) / sum(myapp_http_requests_total)"))
            .isCloseTo(errorRatio, within(1e-12));
        Map<String, Double> p99 = new TreeMap<>();
        for (JsonNode series : prometheus.query(
            "histogram_quantile(0.99, sum by (le, route) (myapp_http_request_duration_seconds_bucket))")) {
          p99.put(series.path("metric").path("route").asText(), series.path("value").get(1).asDouble());
        }
        Map<String, Double> expected = quantiles(truth, 0.99);
        assertThat(p99.keySet()).isEqualTo(expected.keySet()).hasSizeGreaterThan(5);
        expected.forEach((route, v) -> assertThat(p99.get(route)).as(route).isCloseTo(v, within(1e-9)));

        // The dashboard's own queries, over rate(), after a second batch has raised the counters. Every series is
        // sampled at the same scrapes, so rate()'s extrapolation scales them alike and the ratios are the second
        // batch's. The same seed two minutes later: the same label sets, so no series first appears during the second batch
        // (Prometheus could sample such a series half-counted, and its increase from there would enter the rates).
        GroundTruth second = Simulator.send(first.withStartMs(System.currentTimeMillis() - 120_000),
            broker.bootstrapServers());
        assertThat(second.counters().keySet()).isEqualTo(truth.counters().keySet());
        prometheus.awaitTwoScrapesAfterCatchUp(aggregator);
        // rate() extrapolates a counter towards the window start by half a scrape interval, but by less for a
        // series whose zero point (first sample / increase x sampled interval) comes first, which would scale that
        // series differently. With n samples that cannot happen while first / increase >= 1.1 / (n - 1) for every
        // series (Prometheus' extrapolatedRate), so wait for enough scrapes: a condition, computed from the truth.
        double smallest = Double.MAX_VALUE;
        for (String family : List.of("http_requests_total{", "http_request_duration_seconds_bucket{")) {
          Map<String, Double> firstTotals = userTotals(truth, family);
          for (Map.Entry<String, Double> e : userTotals(second, family).entrySet()) {
            if (firstTotals.containsKey(e.getKey()) && e.getValue() > 0) {
              smallest = Math.min(smallest, firstTotals.get(e.getKey()) / e.getValue());
            }
          }
        }
        assertThat(smallest).as("every series existing before the second batch has a positive first total").isPositive();
        int samples = (int) Math.ceil(1.1 / smallest) + 2;
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
            prometheus.value("count_over_time(up{job=\"eventpipe-aggregator\"}[5m])") >= samples);
        double rateRatio = prometheus.value("sum(rate(myapp_http_requests_total{status_code=~\"5..\"}[5m]))"
            + " / sum(rate(myapp_http_requests_total[5m]))");
        assertThat(rateRatio).isCloseTo(ratio5xx(second, series -> true), within(1e-9));
        Map<String, Double> rateP99 = new TreeMap<>();
        for (JsonNode series : prometheus.query("histogram_quantile(0.99, sum by (le, route) "
            + "(rate(myapp_http_request_duration_seconds_bucket[5m])))")) {
          rateP99.put(series.path("metric").path("route").asText(), series.path("value").get(1).asDouble());
        }
        assertThat(rateP99.keySet()).isEqualTo(p99.keySet());
        Map<String, Double> secondP99 = quantiles(second, 0.99);
        rateP99.forEach((route, v) -> assertThat(v).as(route).isCloseTo(secondP99.get(route), within(1e-9)));
      }
    }
  }

  /** The user file's request series (service, route, status code) of a truth series of http_requests_total. */
  private static String userSeries(String truthSeries) {
    Matcher service = SERVICE.matcher(truthSeries);
    Matcher route = ENDPOINT.matcher(truthSeries);
    Matcher status = STATUS.matcher(truthSeries);
    assertThat(service.find() && route.find() && status.find()).as(truthSeries).isTrue();
    return service.group(1) + " " + route.group(1) + " " + status.group(1);
  }

  /** The truth's totals per series of the user's file: requests by (service, route, status), buckets by (route, le). */
  private static Map<String, Double> userTotals(GroundTruth truth, String family) {
    Map<String, Double> out = new TreeMap<>();
    truth.counters().forEach((series, value) -> {
      if (series.startsWith(family)) {
        String key;
        if (family.startsWith("http_requests_total")) {
          key = userSeries(series);
        } else {
          Matcher route = ENDPOINT.matcher(series);
          Matcher le = LE.matcher(series);
          assertThat(route.find() && le.find()).isTrue();
          key = route.group(1) + " le=" + le.group(1);
        }
        out.merge(key, value, Double::sum);
      }
    });
    return out;
  }

  /** The 5xx share of the truth's requests, over the series {@code counted} accepts. */
  private static double ratio5xx(GroundTruth truth, Predicate<String> counted) {
    double errors = 0;
    double all = 0;
    for (Map.Entry<String, Double> e : truth.counters().entrySet()) {
      if (e.getKey().startsWith("http_requests_total{") && counted.test(e.getKey())) {
        Matcher m = STATUS.matcher(e.getKey());
        assertThat(m.find()).isTrue();
        all += e.getValue();
        errors += m.group(1).startsWith("5") ? e.getValue() : 0;
      }
    }
    assertThat(errors).isPositive();
    return errors / all;
  }

  /** Prometheus's histogram_quantile over the truth's buckets summed by route (linear within the bucket). */
  private static Map<String, Double> quantiles(GroundTruth truth, double q) {
    Map<String, TreeMap<Double, Double>> byRoute = new TreeMap<>();
    truth.counters().forEach((series, value) -> {
      if (series.startsWith("http_request_duration_seconds_bucket{")) {
        Matcher route = ENDPOINT.matcher(series);
        Matcher le = LE.matcher(series);
        assertThat(route.find() && le.find()).isTrue();
        double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        byRoute.computeIfAbsent(route.group(1), r -> new TreeMap<>()).merge(bound, value, Double::sum);
      }
    });
    Map<String, Double> out = new TreeMap<>();
    byRoute.forEach((route, buckets) -> {
      List<Map.Entry<Double, Double>> list = new ArrayList<>(buckets.entrySet());
      double rank = q * list.get(list.size() - 1).getValue();
      double lower = 0;
      double below = 0;
      for (int i = 0; i < list.size(); i++) {
        double upper = list.get(i).getKey();
        double count = list.get(i).getValue();
        if (count >= rank) {
          double v = upper == Double.POSITIVE_INFINITY ? list.get(i - 1).getKey()
              : lower + (upper - lower) * (rank - below) / (count - below);
          out.put(route, v);
          return;
        }
        lower = upper;
        below = count;
      }
    });
    return out;
  }
}

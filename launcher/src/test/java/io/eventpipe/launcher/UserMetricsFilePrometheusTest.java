package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
      try (ScrapingPrometheus prometheus = ScrapingPrometheus.start(dir, aggregator)) {
        prometheus.awaitTwoScrapesAfterCatchUp(aggregator);

        // Instant values equal the truth exactly.
        double errorRatio = ratio5xx(truth);
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

        // The dashboard's own queries, over rate(): they answer once a second batch has raised the counters.
        Simulator.send(first.withSeed(6).withStartMs(System.currentTimeMillis() - 120_000), broker.bootstrapServers());
        prometheus.awaitTwoScrapesAfterCatchUp(aggregator);
        double rateRatio = prometheus.value("sum(rate(myapp_http_requests_total{status_code=~\"5..\"}[5m]))"
            + " / sum(rate(myapp_http_requests_total[5m]))");
        assertThat(rateRatio).isBetween(0.01, 0.15);
        assertThat(prometheus.query("histogram_quantile(0.99, sum by (le, route) "
            + "(rate(myapp_http_request_duration_seconds_bucket[5m])))")).extracting(s -> s.path("metric").path("route")
            .asText()).containsExactlyInAnyOrderElementsOf(p99.keySet());
      }
    }
  }

  private static double ratio5xx(GroundTruth truth) {
    double errors = 0;
    double all = 0;
    for (Map.Entry<String, Double> e : truth.counters().entrySet()) {
      if (e.getKey().startsWith("http_requests_total{")) {
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

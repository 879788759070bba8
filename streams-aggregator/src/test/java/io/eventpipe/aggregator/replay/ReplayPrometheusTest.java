package io.eventpipe.aggregator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.metrics.MetricNames;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: three hours of seeded history (event times in the past, records stamped with them) on a real broker, replayed into a real
 * Prometheus 2.42, once through promtool-built blocks and once through remote write. At every minute boundary
 * {@code t}, {@code sum(http_requests_total)}, {@code image_generation_total} by status and a histogram bucket
 * evaluated at {@code t} equal the simulator's truth of the events before {@code t}; daily active users per plan
 * are within 2%.
 */
class ReplayPrometheusTest {
  static final Duration SPAN = Duration.ofHours(3);
  private static final Pattern STATUS = Pattern.compile("status=\"([^\"]+)\"");
  private static KafkaCluster kafka;
  private static SimulationConfig simulation;
  private static Map<Long, GroundTruth> truth;

  @TempDir
  Path dir;

  @BeforeAll
  static void history() throws Exception {
    kafka = KafkaClusters.start();
    simulation = History.config(11, SPAN);
    History.send(simulation, kafka.bootstrapServers());
    truth = History.truthAtMinutes(simulation, SPAN);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static ReplayConfig replay() {
    return ReplayConfig.of(kafka.bootstrapServers(), Instant.ofEpochMilli(History.START_MS),
        Instant.ofEpochMilli(History.START_MS + SPAN.toMillis()));
  }

  @Test
  void blocksBuiltByPromtoolHoldTheTruthAtEveryMinuteAndARerunWritesTheSameFile() throws Exception {
    Assumptions.assumeTrue(Prometheus.installed(), "Debian package prometheus not installed");
    Path file = dir.resolve("replay.om");
    Path blocks = dir.resolve("tsdb");
    ReplaySummary summary = Replay.run(replay().withOutputs(file, blocks, null, null), quiet());
    assertThat(summary.events()).isEqualTo(simulation.totalRecords() - truth.get(lastMinute()).rejected().values()
        .stream().mapToLong(Long::longValue).sum());
    assertThat(summary.deadLetters()).isEqualTo(truth.get(lastMinute()).rejected());
    assertThat(Files.readString(file)).endsWith("# EOF\n");

    Path again = dir.resolve("again.om");
    Replay.run(replay().withOutputs(again, null, null, null), quiet());
    assertThat(Files.mismatch(file, again)).as("a rerun writes the same bytes").isEqualTo(-1);

    try (Prometheus prometheus = new Prometheus(dir, blocks, false)) {
      await().atMost(Duration.ofSeconds(60)).until(prometheus::ready);
      assertTruthAtEveryMinute(prometheus);
    }
  }

  @Test
  void remoteWriteIntoARunningPrometheusHoldsTheTruthAtEveryMinute() throws Exception {
    Assumptions.assumeTrue(Prometheus.installed(), "Debian package prometheus not installed");
    try (Prometheus prometheus = new Prometheus(dir, dir.resolve("data"), true)) {
      await().atMost(Duration.ofSeconds(60)).until(prometheus::ready);
      ReplaySummary summary = Replay.run(replay().withOutputs(null, null, prometheus.api.resolve("/api/v1/write"), null),
          quiet());
      assertThat(summary.samples()).isGreaterThan(0);
      assertTruthAtEveryMinute(prometheus);
    }
  }

  @Test
  void aLaterRangeReadsTheBillingHistoryFromItsBeginningForMrr() throws Exception {
    long from = History.START_MS + 3_600_000;
    Path file = dir.resolve("later.om");
    ReplaySummary summary = Replay.run(ReplayConfig.of(kafka.bootstrapServers(), Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(History.START_MS + SPAN.toMillis())).withOutputs(file, null, null, null), quiet());
    Map<Long, Double> mrr = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(MetricNames.MRR + " ")) {
        String[] parts = line.split(" ");
        mrr.put(Math.round(Double.parseDouble(parts[2]) * 1000), Double.parseDouble(parts[1]));
      }
    }
    assertThat(mrr).hasSize(120);
    mrr.forEach((t, value) -> {
      double expected = truth.get(t).gauges().get(MetricNames.MRR);
      assertThat(value).as("MRR at " + t).isCloseTo(expected, within(expected * 1e-9));
    });
    assertThat(mrr.values().iterator().next()).as("MRR at the first instant").isGreaterThan(0);
    assertThat(summary.records()).as("records read: all of billing, the rest from an hour in")
        .isLessThan(simulation.totalRecords() * 3 / 4);
  }

  private static void assertTruthAtEveryMinute(Prometheus prometheus) throws Exception {
    for (Map.Entry<Long, GroundTruth> entry : truth.entrySet()) {
      long t = entry.getKey();
      GroundTruth expected = entry.getValue();
      assertThat(prometheus.scalar("sum(" + MetricNames.HTTP_REQUESTS + ")", t)).as("requests at " + t)
          .isEqualTo(sum(expected, MetricNames.HTTP_REQUESTS + "{", ""));
      assertThat(prometheus.scalar("sum(" + MetricNames.HTTP_REQUEST_DURATION + "_bucket{le=\"0.25\"})", t))
          .as("requests within 0.25 s at " + t)
          .isEqualTo(sum(expected, MetricNames.HTTP_REQUEST_DURATION + "_bucket{", "le=\"0.25\""));
      Map<String, Double> byStatus = new TreeMap<>();
      expected.counters().forEach((series, value) -> {
        if (series.startsWith(MetricNames.GENERATIONS + "{")) {
          Matcher m = STATUS.matcher(series);
          m.find();
          byStatus.merge("{\"status\":\"" + m.group(1) + "\"}", value, Double::sum);
        }
      });
      assertThat(prometheus.query("sum by (status) (" + MetricNames.GENERATIONS + ")", t)).as("generations at " + t)
          .isEqualTo(byStatus);
      Map<String, Long> daily = expected.dailyActiveUsers().isEmpty() ? Map.of()
          : expected.dailyActiveUsers().get(Collections.max(expected.dailyActiveUsers().keySet()));
      Map<String, Double> dau = prometheus.query("sum by (plan) (" + MetricNames.DAILY_ACTIVE_USERS + ")", t);
      daily.forEach((plan, users) -> assertThat(dau.get("{\"plan\":\"" + plan + "\"}"))
          .as("daily active users " + plan + " at " + t).isCloseTo(users.doubleValue(), within(users * 0.02)));
    }
    assertThat(sum(truth.get(lastMinute()), MetricNames.HTTP_REQUESTS + "{", "")).as("requests in the history")
        .isGreaterThan(10_000);
  }

  private static long lastMinute() {
    return Collections.max(truth.keySet());
  }

  private static double sum(GroundTruth truth, String prefix, String contains) {
    return truth.counters().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().contains(contains))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  private static PrintWriter quiet() {
    return new PrintWriter(java.io.Writer.nullWriter());
  }
}

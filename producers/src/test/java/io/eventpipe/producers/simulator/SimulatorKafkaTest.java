package io.eventpipe.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.TopicReader;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.producers.truth.TruthAccumulator;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorKafkaTest {
  static final SimulationConfig CONFIG = SimulationConfig.defaults(42).withStartMs(1_763_800_000_000L).withRate(200)
      .withCount(8_000L).withUsers(300).withBadRatio(0.02).withPace(false);

  private static KafkaCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = KafkaClusters.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  @Order(1)
  @Timeout(180)
  void whatAConsumerReadsEqualsTheGroundTruthFile(@TempDir Path dir) {
    GroundTruth sent = Simulator.send(CONFIG, cluster.bootstrapServers());
    Path file = dir.resolve("truth.json");
    sent.write(file);
    GroundTruth fromFile = GroundTruth.read(file);

    TruthAccumulator consumed = new TruthAccumulator();
    for (EventType<?> type : EventTypes.INPUTS) {
      String topic = type.topic().name();
      TopicReader.readAll(cluster.bootstrapServers(), topic).forEach(r -> consumed.add(topic, r.value()));
    }
    GroundTruth recomputed = consumed.truth(fromFile.seed(), fromFile.startMs(), fromFile.endMs());

    assertThat(recomputed).isEqualTo(fromFile);
    assertThat(fromFile).isEqualTo(sent).isEqualTo(Simulator.expectedTruth(CONFIG));
    assertThat(fromFile.totalRecords()).isEqualTo(8_000);
    assertThat(fromFile.startMs()).isEqualTo(1_763_800_000_000L);
    assertThat(fromFile.endMs()).isEqualTo(1_763_800_000_000L + 40_000);
  }

  @Test
  @Order(2)
  @Timeout(120)
  void aRunningSimulationStopsOnRequestAndReportsExactlyWhatItSent() throws Exception {
    Map<String, Long> before = topicCounts();
    SimulationConfig unbounded = CONFIG.withSeed(5).withCount(null).withRate(400).withPace(true);
    SimulationRun run = Simulator.start(unbounded, cluster.bootstrapServers());
    await().atMost(Duration.ofSeconds(60)).until(() -> run.delivered() >= 400);
    GroundTruth truth = run.stop();

    assertThat(run.isDone()).isTrue();
    assertThat(truth.totalRecords()).isGreaterThanOrEqualTo(400).isEqualTo(run.delivered());
    Map<String, Long> after = topicCounts();
    for (EventType<?> type : EventTypes.INPUTS) {
      String topic = type.topic().name();
      assertThat(after.get(topic) - before.get(topic)).as(topic).isEqualTo(truth.recordsSent().getOrDefault(topic, 0L));
    }
    // A stopped run sent a prefix of the same deterministic sequence.
    assertThat(truth).isEqualTo(Simulator.expectedTruth(unbounded.withCount(truth.totalRecords())));
  }

  private static Map<String, Long> topicCounts() {
    Map<String, Long> counts = new java.util.HashMap<>();
    for (EventType<?> type : EventTypes.INPUTS) {
      counts.put(type.topic().name(), TopicReader.count(cluster.bootstrapServers(), type.topic().name()));
    }
    return counts;
  }

  @Test
  @Order(3)
  void handCheckedInvariantsOfTheTruth() {
    List<SimRecord> records = Simulator.records(CONFIG).toList();
    GroundTruth truth = Simulator.expectedTruth(CONFIG);
    long bad = records.stream().filter(SimRecord::injectedBad).count();
    long requests = records.stream().filter(r -> r.event() instanceof RequestEvent).count();
    long terminal = records.stream().filter(r -> r.event() instanceof GenerationEvent g
        && (g.getStatus() == GenerationStatus.COMPLETED || g.getStatus() == GenerationStatus.FAILED)).count();
    long serverErrors = records.stream().filter(r -> r.event() instanceof RequestEvent e && e.getStatusCode() >= 500).count();

    assertThat(records).hasSize(8_000);
    assertThat(bad).isBetween(100L, 220L); // 2% of 8000, binomial spread
    assertThat(truth.rejected().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(bad);
    assertThat(truth.rejected().keySet()).containsExactlyInAnyOrder("unknown_format", "malformed_json",
        "malformed_avro", "invalid_value", "invalid_field", "missing_field");
    assertThat(sum(truth.counters(), "http_requests_total{")).isEqualTo(requests);
    assertThat(sum(truth.counters(), "http_request_duration_seconds_count{")).isEqualTo(requests);
    assertThat(sum(truth.counters(), "http_request_duration_seconds_bucket{", "le=\"+Inf\"")).isEqualTo(requests);
    assertThat(serverErrors).isPositive();
    assertThat(truth.counters().entrySet().stream()
        .filter(e -> e.getKey().startsWith("http_requests_total{") && e.getKey().contains("status=\"5"))
        .mapToDouble(Map.Entry::getValue).sum()).isEqualTo((double) serverErrors);
    assertThat(sum(truth.counters(), "image_generation_total{")).isEqualTo(terminal).isPositive();
    assertThat(truth.counters()).containsKey("user_registrations_total");
    assertThat(truth.gauges()).containsEntry("celery_active_workers", 12.0)
        .containsKey("celery_queue_length{queue_name=\"gpu-high\"}")
        .containsKey("subscription_mrr_usd");
    assertThat(truth.gauges().keySet().stream().filter(k -> k.startsWith("gpu_temperature_celsius{"))).hasSize(2);
    assertThat(truth.gauges().keySet().stream().filter(k -> k.startsWith("gpu_fan_speed_percent"))).isEmpty();
    assertThat(truth.dailyActiveUsers()).containsOnlyKeys("2025-11-22");
    assertThat(truth.monthlyActiveUsers()).containsOnlyKeys("2025-11");
    assertThat(truth.monthlyActiveUsers().get("2025-11").get("free")).isPositive();
  }

  private static long sum(Map<String, Double> series, String prefix, String... containing) {
    return (long) series.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && List.of(containing).stream().allMatch(e.getKey()::contains))
        .mapToDouble(Map.Entry::getValue).sum();
  }
}

package io.eventpipe.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventpipe.events.GpuSample;
import io.eventpipe.gpu.nvml.NvmlUnavailableException;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The collector on a real broker: the fake GPUs' values arrive exactly, and a lost GPU stops alone. */
class GpuCollectorKafkaTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static KafkaCluster kafka;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void broker() throws InterruptedException {
    kafka = KafkaClusters.shared();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(List.of(Topics.GPU_SAMPLES));
    }
  }

  @Test
  void publishesOneSamplePerGpuPerIntervalAndALostGpuStopsWhileTheOthersContinue() throws Exception {
    String host = "host-" + UUID.randomUUID();
    FakeNvml.config().line("devices=3").h100(0).a10(1).l4(2).line("device.1.lost_after=2").install();
    GpuCollectorConfig config = GpuCollectorConfig.of(kafka.bootstrapServers()).withHost(host)
        .withInterval(Duration.ofMillis(200)).withNvmlLibrary(FakeNvml.LIBRARY).withHttpPort(0);
    List<ConsumerRecord<String, GpuSample>> received = new ArrayList<>();

    try (GpuCollector collector = GpuCollector.start(config);
         KafkaConsumer<String, GpuSample> consumer = consumer()) {
      consumer.subscribe(List.of(Topics.GPU_SAMPLES.name()));
      await().atMost(PATIENCE).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value().getHost().equals(host)) {
            received.add(r);
          }
        });
        Map<String, Long> perGpu = received.stream()
            .collect(Collectors.groupingBy(r -> r.value().getUuid(), Collectors.counting()));
        assertThat(perGpu.getOrDefault(FakeNvml.H100_UUID, 0L)).isGreaterThanOrEqualTo(6);
        assertThat(perGpu.getOrDefault(FakeNvml.L4_UUID, 0L)).isGreaterThanOrEqualTo(6);
        assertThat(perGpu.getOrDefault(FakeNvml.A10_UUID, 0L)).isGreaterThanOrEqualTo(2);
      });

      assertThat(received).filteredOn(r -> r.value().getUuid().equals(FakeNvml.A10_UUID))
          .as("the A10 is lost after two rounds, and never sampled again").hasSize(2);
      for (ConsumerRecord<String, GpuSample> record : received) {
        GpuSample sample = record.value();
        assertThat(record.key()).isEqualTo(host + "/" + sample.getUuid());
      }
      GpuSample h100 = lastOf(received, FakeNvml.H100_UUID);
      assertThat(h100.getGpuIndex()).isZero();
      assertThat(h100.getMemoryTotalBytes()).isEqualTo(85520809984L);
      assertThat(h100.getMemoryUsedBytes()).isEqualTo(1073741824L);
      assertThat(h100.getPowerDrawWatts()).isEqualTo(123.456);
      assertThat(h100.getFanSpeedPercent()).isNull();
      assertThat(h100.getThrottleReasons()).isEqualTo(4L);
      GpuSample a10 = lastOf(received, FakeNvml.A10_UUID);
      assertThat(a10.getGpuIndex()).isEqualTo(1);
      assertThat(a10.getEccCorrectedErrors()).isNull();
      assertThat(a10.getPowerDrawWatts()).isNull();
      assertThat(a10.getFanSpeedPercent()).isEqualTo(31);
      GpuSample l4 = lastOf(received, FakeNvml.L4_UUID);
      assertThat(l4.getGpuIndex()).isEqualTo(2);
      assertThat(l4.getTemperatureCelsius()).isEqualTo(71);
      assertThat(l4.getEccUncorrectedErrors()).isEqualTo(2L);
      // One round stamps all its samples with the same event time. Each GPU's key stays on one partition, so
      // the first round's samples have all arrived once later ones have.
      long firstRound = received.stream().map(ConsumerRecord::value).filter(s -> s.getUuid().equals(FakeNvml.H100_UUID))
          .mapToLong(GpuSample::getEventTime).min().orElseThrow();
      assertThat(received.stream().filter(r -> r.value().getEventTime() == firstRound))
          .extracting(r -> r.value().getUuid())
          .containsExactlyInAnyOrder(FakeNvml.H100_UUID, FakeNvml.A10_UUID, FakeNvml.L4_UUID);

      assertThat(collector.status()).isEqualTo("UP");
      HttpResponse<String> health = get(collector, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"nvml\":\"ok\"", "\"gpus\":2",
          "\"last_error\":\"nvmlDeviceGetUUID failed: GPU is lost (nvmlReturn_t 15)\"");
      String metrics = get(collector, "/metrics").body();
      assertThat(metrics)
          .contains("gpu_collector_nvml_available 1.0")
          .contains("gpu_collector_gpus 2.0")
          .containsPattern("gpu_collector_nvml_errors_total\\{error=\"GPU is lost\",function=\"nvmlDeviceGetUUID\"} [1-9]")
          .containsPattern("gpu_collector_last_success_timestamp_seconds [1-9]")
          .containsPattern("eventpipe_publisher_sent_total\\{topic=\"samples.gpus\"} [1-9]")
          .doesNotContain("function=\"nvmlDeviceGetFanSpeed\"");
      assertThat(meter(collector, "gpu_collector_samples_total ")).isGreaterThanOrEqualTo(received.size());
    }
  }

  @Test
  void withoutNvmlItFailsToStartUnlessMissingNvmlIsAllowed() throws Exception {
    GpuCollectorConfig config = GpuCollectorConfig.of(kafka.bootstrapServers()).withHost("no-gpu-host")
        .withInterval(Duration.ofMillis(200)).withNvmlLibrary(Path.of("/nonexistent/libnvidia-ml.so.1"))
        .withHttpPort(0);

    assertThatThrownBy(() -> GpuCollector.start(config)).isInstanceOf(NvmlUnavailableException.class)
        .hasMessageContaining("/nonexistent/libnvidia-ml.so.1");

    try (GpuCollector collector = GpuCollector.start(config.withAllowMissing(true))) {
      assertThat(collector.status()).isEqualTo("NO_NVML");
      HttpResponse<String> health = get(collector, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"NO_NVML\"",
          "\"nvml\":\"no NVML: no NVML library file at /nonexistent/libnvidia-ml.so.1\"");
      assertThat(get(collector, "/metrics").body()).contains("gpu_collector_nvml_available 0.0",
          "gpu_collector_samples_total 0.0");
    }
  }

  @Test
  void samplingGoesOnWhileKafkaIsUnreachable() throws Exception {
    FakeNvml.config().line("devices=1").l4(0).install();
    GpuCollectorConfig config = GpuCollectorConfig.of("127.0.0.1:1").withHost("cut-off-host")
        .withInterval(Duration.ofMillis(100)).withNvmlLibrary(FakeNvml.LIBRARY).withHttpPort(0);

    try (GpuCollector collector = GpuCollector.start(config)) {
      await().atMost(PATIENCE).until(() -> meter(collector, "gpu_collector_samples_total ") >= 10);

      assertThat(collector.status()).isEqualTo("UP");
      HttpResponse<String> health = get(collector, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"sent\":0");
    }
  }

  @Test
  void aHostWhoseOnlyGpuIsLostTurnsStaleButKeepsRunning() throws Exception {
    FakeNvml.config().line("devices=1").l4(0).line("device.0.lost_after=1").install();
    GpuCollectorConfig config = GpuCollectorConfig.of(kafka.bootstrapServers()).withHost("lost-host")
        .withInterval(Duration.ofMillis(100)).withNvmlLibrary(FakeNvml.LIBRARY).withHttpPort(0);

    try (GpuCollector collector = GpuCollector.start(config)) {
      await().atMost(PATIENCE).until(collector::status, "STALE"::equals);

      HttpResponse<String> health = get(collector, "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"status\":\"STALE\"", "\"samples\":1",
          "\"last_error\":\"nvmlDeviceGetUUID failed: GPU is lost (nvmlReturn_t 15)\"");
      // Still sampling: every round counts the lost GPU again.
      double errors = lostErrors(collector);
      await().atMost(PATIENCE).until(() -> lostErrors(collector) > errors);
    }
  }

  private static double lostErrors(GpuCollector collector) {
    return meter(collector, "gpu_collector_nvml_errors_total{error=\"GPU is lost\"");
  }

  /** The sum of the collector's series whose line starts with this prefix. */
  private static double meter(GpuCollector collector, String prefix) {
    return collector.scrape().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static GpuSample lastOf(List<ConsumerRecord<String, GpuSample>> records, String uuid) {
    return records.stream().map(ConsumerRecord::value).filter(s -> s.getUuid().equals(uuid))
        .reduce((first, second) -> second).orElseThrow();
  }

  private HttpResponse<String> get(GpuCollector collector, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static KafkaConsumer<String, GpuSample> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "gpu-collector-test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), EventSerdes.strict(EventTypes.GPU).deserializer());
  }
}

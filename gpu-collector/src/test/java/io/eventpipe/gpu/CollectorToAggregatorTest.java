package io.eventpipe.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.metrics.MetricNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the collector reads the fake GPUs through JNA, publishes to a real broker, the aggregator turns
 * the samples into the gpu_* gauges on its /metrics, and a GPU that disappears leaves /metrics once stale.
 */
class CollectorToAggregatorTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration STALENESS = Duration.ofSeconds(3);
  private static final Pattern SAMPLE = Pattern.compile("^(gpu_[a-z_]+)\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String host = "e2e-" + UUID.randomUUID();

  @Test
  void samplesBecomeTheGpuGaugesAndALostGpusSeriesGoStale() throws Exception {
    KafkaCluster kafka = KafkaClusters.shared();
    Path a10Gone = dir.resolve("a10-gone");
    FakeNvml.config().line("devices=3").h100(0).a10(1).l4(2).line("device.1.lost_while=" + a10Gone).install();
    AggregatorConfig defaults = AggregatorConfig.defaults(kafka.bootstrapServers())
        .withApplicationId("gpu-e2e-" + UUID.randomUUID()).withStateDir(dir.resolve("state")).withMetricsPort(0);
    AggregatorConfig aggregatorConfig = defaults.withGpuStaleness(STALENESS);
    GpuCollectorConfig collectorConfig = GpuCollectorConfig.of(kafka.bootstrapServers()).withHost(host)
        .withInterval(Duration.ofMillis(250)).withNvmlLibrary(FakeNvml.LIBRARY).withHttpPort(-1);

    try (AggregatorApp aggregator = AggregatorApp.start(aggregatorConfig);
         GpuCollector collector = GpuCollector.start(collectorConfig)) {
      URI metrics = aggregator.metricsUrl();
      // Inside the wait: partitions are processed independently, so one scrape may briefly lag another GPU.
      await().atMost(PATIENCE).untilAsserted(() -> {
        Map<String, Double> gauges = gpuGauges(metrics);
        assertThat(gauges).containsEntry(series(MetricNames.GPU_MEMORY_TOTAL, 0), 85520809984.0)
            .containsEntry(series(MetricNames.GPU_MEMORY_USED, 0), 1073741824.0)
            .containsEntry(series(MetricNames.GPU_MEMORY_FREE, 0), 83880837120.0)
            .containsEntry(series(MetricNames.GPU_UTILIZATION, 0), 37.0)
            .containsEntry(series(MetricNames.GPU_MEMORY_UTILIZATION, 0), 12.0)
            .containsEntry(series(MetricNames.GPU_TEMPERATURE, 0), 41.0)
            .containsEntry(series(MetricNames.GPU_POWER_DRAW, 0), 123.456)
            .containsEntry(series(MetricNames.GPU_POWER_LIMIT, 0), 700.0)
            .containsEntry(series(MetricNames.GPU_SM_CLOCK, 0), 1980.0)
            .containsEntry(series(MetricNames.GPU_MEMORY_CLOCK, 0), 2619.0)
            .containsEntry(series(MetricNames.GPU_ECC_CORRECTED, 0), 5.0)
            .containsEntry(series(MetricNames.GPU_ECC_UNCORRECTED, 0), 0.0)
            .containsEntry(series(MetricNames.GPU_THROTTLE_REASONS, 0), 4.0)
            .containsEntry(series(MetricNames.GPU_FAN_SPEED, 1), 31.0)
            .containsEntry(series(MetricNames.GPU_MEMORY_TOTAL, 1), 24146608128.0)
            .containsEntry(series(MetricNames.GPU_TEMPERATURE, 2), 71.0)
            .containsEntry(series(MetricNames.GPU_POWER_DRAW, 2), 71.5)
            .containsEntry(series(MetricNames.GPU_ECC_UNCORRECTED, 2), 2.0)
            // NOT_SUPPORTED fields and the framework-allocator fields export no series.
            .doesNotContainKeys(series(MetricNames.GPU_FAN_SPEED, 0), series(MetricNames.GPU_POWER_DRAW, 1),
                series(MetricNames.GPU_ECC_CORRECTED, 1), series(MetricNames.GPU_MEMORY_ALLOCATED, 0),
                series(MetricNames.GPU_MEMORY_RESERVED, 0));
        assertThat(gauges.keySet().stream().filter(k -> k.contains("gpu_id=\"0\""))).hasSize(13);
        assertThat(gauges.keySet().stream().filter(k -> k.contains("gpu_id=\"1\""))).hasSize(10);
        assertThat(gauges.keySet().stream().filter(k -> k.contains("gpu_id=\"2\""))).hasSize(14);
      });

      Files.createFile(a10Gone);
      // Well past the staleness: 16 rounds at 250 ms without the A10, so its absence below is for good.
      await().atMost(PATIENCE).until(() -> lostErrors(collector) >= 16);

      await().atMost(PATIENCE).untilAsserted(() -> assertThat(gpuGauges(metrics).keySet())
          .noneMatch(k -> k.contains("gpu_id=\"1\""))
          .contains(series(MetricNames.GPU_MEMORY_TOTAL, 0), series(MetricNames.GPU_MEMORY_TOTAL, 2)));
      assertThat(collector.status()).isEqualTo("UP");
      assertThat(collector.scrape()).contains("gpu_collector_gpus 2.0");
    }
  }

  private static double lostErrors(GpuCollector collector) {
    return collector.scrape().lines().filter(l -> l.startsWith("gpu_collector_nvml_errors_total{error=\"GPU is lost\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private String series(String metric, int index) {
    String[][] gpus = {
        {"NVIDIA H100 80GB HBM3", FakeNvml.H100_UUID}, {"NVIDIA A10", FakeNvml.A10_UUID}, {"NVIDIA L4", FakeNvml.L4_UUID}};
    return metric + "{gpu_id=\"" + index + "\",gpu_name=\"" + gpus[index][0] + "\",gpu_uuid=\"" + gpus[index][1]
        + "\",host=\"" + host + "\"}";
  }

  /** This test's host's gpu_* series on the aggregator's /metrics, as name{labels sorted} -> value. */
  private Map<String, Double> gpuGauges(URI metrics) throws Exception {
    String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> gauges = new TreeMap<>();
    for (String line : body.lines().toList()) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(m.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      if (host.equals(labels.get("host"))) {
        StringBuilder id = new StringBuilder(m.group(1)).append('{');
        labels.forEach((k, v) -> id.append(id.charAt(id.length() - 1) == '{' ? "" : ",").append(k).append("=\"")
            .append(v).append('"'));
        gauges.put(id.append('}').toString(), Double.parseDouble(m.group(3)));
      }
    }
    return gauges;
  }
}

package io.eventpipe.gpu;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventpipe.gpu.nvml.NvmlException;
import io.eventpipe.producers.PublisherStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The collector's own health: samples emitted, the last successful round, NVML errors, whether NVML is
 * present, and the Kafka publisher's accounting. Kept as Micrometer meters (for /metrics) and summarized as
 * a /health document.
 */
public final class CollectorHealth {
  public static final String SAMPLES = "gpu.collector.samples";
  public static final String LAST_SUCCESS = "gpu.collector.last.success.timestamp";
  public static final String NVML_ERRORS = "gpu.collector.nvml.errors";
  public static final String NVML_AVAILABLE = "gpu.collector.nvml.available";
  public static final String GPUS = "gpu.collector.gpus";

  /** Healthy means a successful round within this many intervals. */
  private static final int STALE_AFTER_INTERVALS = 3;

  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration interval;
  private final Instant started;
  private final Counter samples;
  private final Supplier<PublisherStats> publisher;
  private final AtomicLong lastSuccessMillis = new AtomicLong();
  private final AtomicInteger gpus = new AtomicInteger();
  private final AtomicReference<String> noNvml = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  CollectorHealth(MeterRegistry registry, Clock clock, Duration interval, Supplier<PublisherStats> publisher) {
    this.registry = registry;
    this.clock = clock;
    this.interval = interval;
    this.started = clock.instant();
    this.publisher = publisher;
    this.samples = Counter.builder(SAMPLES).description("GPU samples accepted by the Kafka publisher")
        .register(registry);
    Gauge.builder(LAST_SUCCESS, lastSuccessMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
        .description("When the last round read every present GPU's identity (epoch seconds; 0 = never)")
        .register(registry);
    Gauge.builder(NVML_AVAILABLE, noNvml, reason -> reason.get() == null ? 1 : 0)
        .description("1 when NVML is loaded and initialized").register(registry);
    Gauge.builder(GPUS, gpus, AtomicInteger::get).description("GPUs sampled in the last round").register(registry);
  }

  void nvmlError(NvmlException e) {
    Counter.builder(NVML_ERRORS).description("NVML calls that failed, NOT_SUPPORTED excluded")
        .tag("function", e.function()).tag("error", e.text())
        .register(registry).increment();
    lastError.set(e.getMessage());
  }

  void sampled(int count) {
    samples.increment(count);
  }

  void roundSucceeded(int gpuCount) {
    gpus.set(gpuCount);
    lastSuccessMillis.set(clock.millis());
  }

  void nvmlMissing(String reason) {
    noNvml.set(reason);
    gpus.set(0);
  }

  void nvmlPresent() {
    noNvml.set(null);
  }

  /** UP, NO_NVML (running with --allow-missing) or STALE (no successful round lately). */
  String status() {
    if (noNvml.get() != null) {
      return "NO_NVML";
    }
    Instant since = lastSuccessMillis.get() == 0 ? started : Instant.ofEpochMilli(lastSuccessMillis.get());
    boolean fresh = Duration.between(since, clock.instant()).compareTo(interval.multipliedBy(STALE_AFTER_INTERVALS)) <= 0;
    return fresh ? "UP" : "STALE";
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("status", status());
    json.put("nvml", noNvml.get() == null ? "ok" : "no NVML: " + noNvml.get());
    json.put("gpus", gpus.get());
    json.put("samples", (long) samples.count());
    json.put("last_success", lastSuccessMillis.get() == 0 ? null : Instant.ofEpochMilli(lastSuccessMillis.get()).toString());
    json.put("last_error", lastError.get());
    PublisherStats stats = publisher.get();
    ObjectNode kafka = json.putObject("kafka");
    kafka.put("sent", stats.sent());
    kafka.put("pending", stats.pending());
    kafka.put("dropped", stats.dropped());
    kafka.put("failed", stats.failed());
    return json;
  }
}

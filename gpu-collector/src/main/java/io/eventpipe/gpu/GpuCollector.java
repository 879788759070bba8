package io.eventpipe.gpu;

import io.eventpipe.events.GpuSample;
import io.eventpipe.gpu.nvml.Nvml;
import io.eventpipe.gpu.nvml.NvmlException;
import io.eventpipe.gpu.nvml.NvmlUnavailableException;
import io.eventpipe.producers.EventPublisher;
import io.eventpipe.producers.PublisherConfig;
import io.eventpipe.schemas.EventTypes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running GPU collector: every interval it reads every GPU through NVML and publishes one
 * {@link GpuSample} per GPU to Kafka, and serves its own health on /metrics and /health.
 * Start it with {@link #start}; {@link #close} stops sampling, flushes Kafka and shuts NVML down.
 */
public final class GpuCollector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GpuCollector.class);
  /** How long close waits for Kafka to take the last samples; a lost last round matters little. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final GpuCollectorConfig config;
  private final Clock clock = Clock.systemUTC();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CollectorHealth health;
  private final ScheduledExecutorService scheduler;
  private final EventPublisher publisher;
  private final HealthServer server;
  /** Touched only by the scheduler thread (and by close after it stopped). */
  private Nvml nvml;
  private GpuSampler sampler;

  private GpuCollector(GpuCollectorConfig config, Nvml nvml, String missingReason) {
    this.config = config;
    this.publisher = new EventPublisher(PublisherConfig.of(config.bootstrapServers())
        .withCloseTimeout(CLOSE_TIMEOUT)
        .withProducerOverrides(Map.of(ProducerConfig.CLIENT_ID_CONFIG, "gpu-collector"))
        .withKafka(config.kafka()), registry);
    this.health = new CollectorHealth(registry, clock, config.interval(), publisher::stats);
    try {
      this.server = config.httpPort() < 0 ? null : new HealthServer(config.httpPort(), registry, health);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
    if (nvml == null) {
      health.nvmlMissing(missingReason);
    }
    useNvml(nvml);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "gpu-collector");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleAtFixedRate(this::round, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts sampling at once and then every interval.
   *
   * @throws NvmlUnavailableException when NVML cannot be loaded or initialized and missing NVML is not allowed
   */
  public static GpuCollector start(GpuCollectorConfig config) throws NvmlUnavailableException {
    Nvml nvml = null;
    String missingReason = null;
    try {
      nvml = Nvml.open(config.nvmlLibrary());
    } catch (NvmlUnavailableException e) {
      if (!config.allowMissing()) {
        throw e;
      }
      missingReason = e.getMessage();
      log.warn("running without NVML (--allow-missing); will retry every round: {}", missingReason);
    }
    try {
      return new GpuCollector(config, nvml, missingReason);
    } catch (RuntimeException e) {
      if (nvml != null) {
        nvml.close();
      }
      throw e;
    }
  }

  /**
   * Reads every GPU once, without Kafka (for {@code --once --print}).
   *
   * @param errors told about each failed NVML query (NOT_SUPPORTED is not a failure)
   */
  public static List<GpuSample> sampleOnce(Path nvmlLibrary, String host, Consumer<NvmlException> errors)
      throws NvmlUnavailableException {
    try (Nvml nvml = Nvml.open(nvmlLibrary)) {
      return new GpuSampler(nvml, host, errors).sample(System.currentTimeMillis()).samples();
    }
  }

  /** The port /metrics and /health are served on; -1 when the endpoint is off. */
  public int httpPort() {
    return server == null ? -1 : server.port();
  }

  /** The /metrics page as Prometheus would scrape it. */
  public String scrape() {
    return registry.scrape();
  }

  /** The /health status: UP, NO_NVML or STALE. */
  public String status() {
    return health.status();
  }

  private void round() {
    try {
      if (sampler == null && !retryNvml()) {
        return;
      }
      GpuSampler.Round round = sampler.sample(clock.millis());
      round.changes().forEach(log::warn);
      // The publisher never blocks on Kafka; what it cannot buffer it drops and counts in its own metrics.
      int accepted = 0;
      for (GpuSample sample : round.samples()) {
        accepted += publisher.record(EventTypes.GPU, sample) ? 1 : 0;
      }
      health.sampled(accepted);
      if (round.present() == 0 || !round.samples().isEmpty()) {
        health.roundSucceeded(round.samples().size());
      }
    } catch (NvmlException e) {
      health.nvmlError(e);
      log.warn("sampling round failed: {}", e.getMessage());
    } catch (RuntimeException e) {
      // The schedule stops for good if a round throws; log and keep sampling.
      log.error("sampling round failed", e);
    }
  }

  private boolean retryNvml() {
    try {
      useNvml(Nvml.open(config.nvmlLibrary()));
      log.info("NVML is available now");
      return true;
    } catch (NvmlUnavailableException e) {
      health.nvmlMissing(e.getMessage());
      return false;
    }
  }

  private void useNvml(Nvml opened) {
    this.nvml = opened;
    if (opened != null) {
      this.sampler = new GpuSampler(opened, config.host(), health::nvmlError);
      health.nvmlPresent();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("a sampling round did not finish within 30 s of close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    if (server != null) {
      server.close();
    }
    if (nvml != null) {
      nvml.close();
    }
  }
}

package io.eventpipe.gpu;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link GpuCollector} runs.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param interval time between sampling rounds (one sample per GPU per round)
 * @param host the host name put in every sample and its key
 * @param nvmlLibrary an explicit libnvidia-ml file, or null for the driver's libnvidia-ml.so.1
 * @param allowMissing keep running without NVML (reporting "no NVML" in health) instead of failing to start
 * @param httpPort port of the /metrics and /health endpoint; 0 picks a free port, -1 serves none
 */
public record GpuCollectorConfig(String bootstrapServers, Duration interval, String host, Path nvmlLibrary,
    boolean allowMissing, int httpPort) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_HTTP_PORT = 9402;

  public GpuCollectorConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers: required, e.g. localhost:9092");
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: must be > 0, got " + interval);
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: required and must not be blank");
    }
    if (httpPort < -1 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort: must be 0..65535 (or -1 for none), got " + httpPort);
    }
  }

  /** Defaults: every 10 s, this machine's host name, the driver's NVML, fail without NVML, port 9402. */
  public static GpuCollectorConfig of(String bootstrapServers) {
    return new GpuCollectorConfig(bootstrapServers, DEFAULT_INTERVAL, localHostName(), null, false, DEFAULT_HTTP_PORT);
  }

  public GpuCollectorConfig withInterval(Duration value) {
    return new GpuCollectorConfig(bootstrapServers, value, host, nvmlLibrary, allowMissing, httpPort);
  }

  public GpuCollectorConfig withHost(String value) {
    return new GpuCollectorConfig(bootstrapServers, interval, value, nvmlLibrary, allowMissing, httpPort);
  }

  public GpuCollectorConfig withNvmlLibrary(Path value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, value, allowMissing, httpPort);
  }

  public GpuCollectorConfig withAllowMissing(boolean value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, nvmlLibrary, value, httpPort);
  }

  public GpuCollectorConfig withHttpPort(int value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, nvmlLibrary, allowMissing, value);
  }

  /** The machine's host name as the OS reports it; HOSTNAME if the resolver cannot tell. */
  public static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }
}

package io.eventpipe.gpu;

import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link GpuCollector} runs.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param interval time between sampling rounds (one sample per GPU per round)
 * @param host the host name put in every sample and its key
 * @param nvmlLibrary an explicit libnvidia-ml file, or null for the driver's libnvidia-ml.so.1
 * @param allowMissing keep running without NVML (reporting "no NVML" in health) instead of failing to start
 * @param httpPort port of the /metrics and /health endpoint; 0 picks a free port, -1 serves none
 * @param kafka the process's Kafka client settings (TLS, SASL...) for the sample publisher
 */
public record GpuCollectorConfig(String bootstrapServers, Duration interval, String host, Path nvmlLibrary,
    boolean allowMissing, int httpPort, KafkaClientSettings kafka) {

  /** Set to the node's name in a Kubernetes DaemonSet ({@code spec.nodeName}), so samples name the node, not the pod. */
  public static final String NODE_NAME_ENV = "NODE_NAME";

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
    if (kafka == null) {
      throw new IllegalArgumentException("kafka: required (KafkaClientSettings.none() for none)");
    }
  }

  /** Defaults: every 10 s, this machine's host name, the driver's NVML, fail without NVML, port 9402. */
  public static GpuCollectorConfig of(String bootstrapServers) {
    return new GpuCollectorConfig(bootstrapServers, DEFAULT_INTERVAL, localHostName(), null, false, DEFAULT_HTTP_PORT,
        KafkaClientSettings.none());
  }

  public GpuCollectorConfig withInterval(Duration value) {
    return new GpuCollectorConfig(bootstrapServers, value, host, nvmlLibrary, allowMissing, httpPort, kafka);
  }

  public GpuCollectorConfig withHost(String value) {
    return new GpuCollectorConfig(bootstrapServers, interval, value, nvmlLibrary, allowMissing, httpPort, kafka);
  }

  public GpuCollectorConfig withNvmlLibrary(Path value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, value, allowMissing, httpPort, kafka);
  }

  public GpuCollectorConfig withAllowMissing(boolean value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, nvmlLibrary, value, httpPort, kafka);
  }

  public GpuCollectorConfig withHttpPort(int value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, nvmlLibrary, allowMissing, value, kafka);
  }

  public GpuCollectorConfig withKafka(KafkaClientSettings value) {
    return new GpuCollectorConfig(bootstrapServers, interval, host, nvmlLibrary, allowMissing, httpPort, value);
  }

  /**
   * The name samples carry by default: {@value #NODE_NAME_ENV} when set (in a pod the OS host name is the pod's
   * name), else the machine's host name as the OS reports it, else HOSTNAME.
   */
  public static String localHostName() {
    return localHostName(System.getenv());
  }

  static String localHostName(Map<String, String> env) {
    String node = env.get(NODE_NAME_ENV);
    if (node != null && !node.isBlank()) {
      return node.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String hostname = env.get("HOSTNAME");
      return hostname == null || hostname.isBlank() ? "localhost" : hostname;
    }
  }
}

package io.eventpipe.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.schemas.kafka.KafkaClientSettings;
import io.eventpipe.schemas.topics.Topics;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the aggregator needs to run; {@link #defaults(String)} gives the documented defaults.
 *
 * @param bootstrap Kafka bootstrap servers (HOST:PORT[,...])
 * @param applicationId the Kafka Streams application id; instances sharing it share the input partitions
 * @param metricsHost address /metrics binds to
 * @param metricsPort port of /metrics and /health; 0 picks a free port
 * @param stateDir Kafka Streams state directory
 * @param windowSize size of the tumbling windows published on the aggregate topic
 * @param grace how long after a window's end late events are still added to it
 * @param cardinalityCap most series per metric family per stream task before new ones fold into "other"
 * @param gpuStaleness a GPU whose newest sample is this far behind its host's newest sample exports nothing
 * @param commitInterval Kafka Streams commit interval (exactly-once transactions)
 * @param streamsOverrides extra Kafka Streams properties, applied last
 * @param connectTimeout how long start() waits for Kafka to answer before saying it is unreachable
 * @param idleTimeout an input partition with no records for this long (wall clock) stops holding windows open
 * @param maxFutureSkew an event this far ahead of the wall clock is dead-lettered (it would move clocks ahead)
 * @param kafka the process's Kafka client settings (TLS, SASL...), applied to every client the app creates
 * @param definitions the metric families to derive (metrics.yml; the built-in default file unless given)
 * @param standbyReplicas warm copies of each task's state kept on other instances, so a failed-over task resumes
 *     without replaying its changelog ({@code num.standby.replicas}; 0 keeps none)
 */
public record AggregatorConfig(String bootstrap, String applicationId, String metricsHost, int metricsPort,
    Path stateDir, Duration windowSize, Duration grace, int cardinalityCap, Duration gpuStaleness,
    Duration commitInterval, Map<String, String> streamsOverrides, Duration connectTimeout, Duration idleTimeout,
    Duration maxFutureSkew, KafkaClientSettings kafka, MetricDefinitions definitions, int standbyReplicas) {

  public AggregatorConfig {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap: required (HOST:PORT)");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException("metrics port: must be 0..65535, got " + metricsPort);
    }
    if (windowSize.toMillis() <= 0) {
      throw new IllegalArgumentException("window size: must be positive, got " + windowSize);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: must not be negative, got " + grace);
    }
    if (cardinalityCap < 1) {
      throw new IllegalArgumentException("cardinality cap: must be at least 1, got " + cardinalityCap);
    }
    if (idleTimeout.toMillis() <= 0) {
      throw new IllegalArgumentException("idle timeout: must be positive, got " + idleTimeout);
    }
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("max future skew: must not be negative, got " + maxFutureSkew);
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standby replicas: must not be negative, got " + standbyReplicas);
    }
    streamsOverrides = Map.copyOf(streamsOverrides);
  }

  /** Defaults: /metrics on 127.0.0.1:9400, 1-minute windows, 30 s grace, 10,000 series per family, 60 s staleness. */
  public static AggregatorConfig defaults(String bootstrap) {
    return new AggregatorConfig(bootstrap, "eventpipe-aggregator", "127.0.0.1", 9400,
        Path.of(System.getProperty("java.io.tmpdir"), "eventpipe-aggregator"), Duration.ofMinutes(1),
        Duration.ofSeconds(30), 10_000, Duration.ofSeconds(60), Duration.ofSeconds(1), Map.of(), Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofMinutes(5), KafkaClientSettings.none(), MetricDefinitions.builtIn(), 0);
  }

  /** The same configuration deriving these metric families instead. */
  public AggregatorConfig withDefinitions(MetricDefinitions metrics) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka,
        metrics, standbyReplicas);
  }

  public AggregatorConfig withApplicationId(String id) {
    return new AggregatorConfig(bootstrap, id, metricsHost, metricsPort, stateDir, windowSize, grace, cardinalityCap,
        gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withMetricsPort(int port) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, port, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withStateDir(Path dir) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, dir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withWindow(Duration size, Duration newGrace) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, size, newGrace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withCardinalityCap(int cap) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace, cap,
        gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withCommitInterval(Duration interval) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, interval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withStreamsOverrides(Map<String, String> overrides) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, overrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withConnectTimeout(Duration timeout) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, timeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withIdleTimeout(Duration timeout) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, timeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withMaxFutureSkew(Duration skew) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, skew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withMetricsHost(String host) {
    return new AggregatorConfig(bootstrap, applicationId, host, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withGpuStaleness(Duration staleness) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, staleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka, definitions, standbyReplicas);
  }

  public AggregatorConfig withKafka(KafkaClientSettings settings) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew,
        settings, definitions, standbyReplicas);
  }

  public AggregatorConfig withStandbyReplicas(int replicas) {
    return new AggregatorConfig(bootstrap, applicationId, metricsHost, metricsPort, stateDir, windowSize, grace,
        cardinalityCap, gpuStaleness, commitInterval, streamsOverrides, connectTimeout, idleTimeout, maxFutureSkew, kafka,
        definitions, replicas);
  }

  /** The Kafka Streams properties: exactly-once v2, no cross-partition waits, one thread per core. */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Never wait for data on an empty partition to keep event-time order across a task's partitions: windows close on
    // per-partition watermarks (PreAggregator), so cross-partition order does not matter, and the wait's bookkeeping
    // ran on every record (a tenth of the stream thread in a profile).
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    // One stream thread per core (at most 4): the upstream and downstream halves then run in parallel.
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()))));
    // A crashed instance's tasks move to the others (or its restart) after 10 s, not the 45 s default.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
    // Last line of defence: a record no processor can handle is dead-lettered by Kafka Streams itself (headers
    // __streams.errors.*) instead of failing the thread in a loop. Our own processors dead-letter with reasons first.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class.getName());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler.class.getName());
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTER.name());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
    kafka.applyTo(props);
    props.putAll(streamsOverrides);
    return props;
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * A running aggregator: the Kafka Streams topology plus its /metrics and /health endpoint. Start with
 * {@link #start(AggregatorConfig)}, stop with {@link #close()}.
 */
public final class AggregatorApp implements AutoCloseable {
  private final KafkaStreams streams;
  private final PrometheusMeterRegistry registry;
  private final MetricsServer server;
  private final LongAdder inputRecords;
  private final KafkaStreamsMetrics streamsMetrics;

  private AggregatorApp(KafkaStreams streams, PrometheusMeterRegistry registry, MetricsServer server,
      LongAdder inputRecords, KafkaStreamsMetrics streamsMetrics) {
    this.streams = streams;
    this.registry = registry;
    this.server = server;
    this.inputRecords = inputRecords;
    this.streamsMetrics = streamsMetrics;
  }

  /**
   * Checks that Kafka answers, creates missing catalog topics, starts the topology and the HTTP endpoint.
   * Throws {@link IllegalStateException} with a readable message when the broker is unreachable or the port is taken.
   */
  public static AggregatorApp start(AggregatorConfig config) {
    ensureTopics(config);
    LongAdder inputRecords = new LongAdder();
    KafkaStreams streams = new KafkaStreams(AggregatorTopology.build(config, inputRecords::increment),
        config.streamsProperties());
    streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new PromLintFilter());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    FunctionCounter.builder("eventpipe.aggregator.input.records", inputRecords, LongAdder::sum)
        .description("Input records consumed by this process since it started (decoded or refused).")
        .register(registry);
    registry.getPrometheusRegistry().register(new MetricsCollector(streams, config.gpuStaleness()));
    MetricsServer server;
    try {
      server = MetricsServer.start(config.metricsHost(), config.metricsPort(), registry,
          () -> ready(streams));
    } catch (RuntimeException e) {
      streams.close();
      registry.close();
      throw e;
    }
    streams.start();
    return new AggregatorApp(streams, registry, server, inputRecords, streamsMetrics);
  }

  private static void ensureTopics(AggregatorConfig config) {
    String bootstrap = config.bootstrap();
    Duration timeout = config.connectTimeout();
    Map<String, Object> props = config.kafka().applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      new TopicCreator(admin).createMissing(Topics.ALL);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds()
          + " s: is the broker running and the address right?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrap);
    }
  }

  private static boolean ready(KafkaStreams streams) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return false;
    }
    try {
      streams.store(StoreQueryParameters.fromNameAndType(SeriesAggregator.SERIES, QueryableStoreTypes.keyValueStore()));
      return true;
    } catch (InvalidStateStoreException e) {
      return false;
    }
  }

  /** Where Prometheus scrapes this instance. */
  public URI metricsUrl() {
    return server.url();
  }

  /** True when Kafka Streams is RUNNING and the stores answer queries (what /health/ready says). */
  public boolean isReady() {
    return ready(streams);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Input records consumed by this process since start (for throughput measurements). */
  public long inputRecords() {
    return inputRecords.sum();
  }

  @Override
  public void close() {
    server.close();
    // Leaving the group lets a restarted or remaining instance take the tasks over at once instead of after
    // the session timeout.
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    streamsMetrics.close();
    registry.close();
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
  private final PrometheusMeterRegistry kafkaRegistry;
  private final MetricsServer server;
  private final LongAdder inputRecords;
  private final KafkaStreamsMetrics streamsMetrics;
  private final AggregatorConfig config;

  private AggregatorApp(AggregatorConfig config, KafkaStreams streams, PrometheusMeterRegistry registry,
      PrometheusMeterRegistry kafkaRegistry, MetricsServer server,
      LongAdder inputRecords, KafkaStreamsMetrics streamsMetrics) {
    this.config = config;
    this.streams = streams;
    this.registry = registry;
    this.kafkaRegistry = kafkaRegistry;
    this.server = server;
    this.inputRecords = inputRecords;
    this.streamsMetrics = streamsMetrics;
  }

  /**
   * Checks that Kafka answers, creates missing catalog topics, starts the topology and the HTTP endpoint.
   * Throws {@link IllegalStateException} with a readable message when the broker is unreachable, the port is taken or
   * this JVM cannot run the sketch library.
   */
  public static AggregatorApp start(AggregatorConfig config) {
    ActiveUsers.requireSupportedRuntime();
    Map<String, Integer> inputPartitions = ensureTopics(config);
    int aggregatePartitions = inputPartitions.remove(Topics.AGGREGATES.name());
    LongAdder inputRecords = new LongAdder();
    KafkaStreams streams = new KafkaStreams(AggregatorTopology.build(config, inputPartitions,
        aggregatePartitions, inputRecords::increment),
        config.streamsProperties());
    streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
    // /metrics: the derived series and a curated set of health series. /metrics/kafka: everything the clients measure.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new PromLintFilter());
    HealthMetrics.bindTo(registry, streams, AggregatorTopology.catalogPartitions().keySet());
    FunctionCounter.builder("eventpipe.aggregator.input.records", inputRecords, LongAdder::sum)
        .description("Input records consumed by this process since it started (decoded or refused).")
        .register(registry);
    registry.getPrometheusRegistry().register(new MetricsCollector(streams, config.gpuStaleness(),
        Families.of(config.definitions())));
    PrometheusMeterRegistry kafkaRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    kafkaRegistry.config().meterFilter(new PromLintFilter());
    new JvmMemoryMetrics().bindTo(kafkaRegistry);
    new JvmGcMetrics().bindTo(kafkaRegistry);
    new JvmThreadMetrics().bindTo(kafkaRegistry);
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(kafkaRegistry);
    MetricsServer server;
    try {
      server = MetricsServer.start(config.metricsHost(), config.metricsPort(), registry, kafkaRegistry,
          () -> ready(streams));
    } catch (RuntimeException e) {
      streams.close();
      registry.close();
      kafkaRegistry.close();
      throw e;
    }
    streams.start();
    return new AggregatorApp(config, streams, registry, kafkaRegistry, server, inputRecords, streamsMetrics);
  }

  /** Creates missing catalog topics; returns the partition counts of the input and aggregate topics as the cluster has them. */
  private static Map<String, Integer> ensureTopics(AggregatorConfig config) {
    String bootstrap = config.bootstrap();
    Duration timeout = config.connectTimeout();
    Map<String, Object> props = config.kafka().applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      new TopicCreator(admin).createMissing(Topics.ALL);
      Map<String, Integer> partitions = new java.util.LinkedHashMap<>();
      List<String> topics = new java.util.ArrayList<>(AggregatorTopology.catalogPartitions().keySet());
      topics.add(Topics.AGGREGATES.name());
      admin.describeTopics(topics).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((name, description) -> partitions.put(name, description.partitions().size()));
      return partitions;
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

  /**
   * True when this application (all its instances) has consumed and committed every record that was in its input
   * and repartition topics when asked: the committed offset of every partition the group reads equals its end offset.
   * Tests and benchmarks wait on this rather than on a number of scrapes.
   */
  public boolean caughtUp() {
    return ConsumerGroupLag.caughtUp(config.bootstrap(), config.applicationId(), config.connectTimeout());
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
    kafkaRegistry.close();
  }
}

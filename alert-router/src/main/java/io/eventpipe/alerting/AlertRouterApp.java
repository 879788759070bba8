package io.eventpipe.alerting;

import io.eventpipe.alerting.api.AlertmanagerApi;
import io.eventpipe.alerting.api.RouterHealth;
import io.eventpipe.alerting.api.StreamsState;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.AlertmanagerConfigLoader;
import io.eventpipe.alerting.notify.NotificationDeadLetters;
import io.eventpipe.alerting.notify.Notifier;
import io.eventpipe.alerting.rules.RuleGroup;
import io.eventpipe.alerting.rules.RulesLoader;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Starts and stops one router instance: the notifier (delivery lanes), the supervised Streams topology and the
 * Alertmanager API with its health probe. The programmatic entry point for the CLI, the demo and test/benchmark
 * harnesses.
 */
public final class AlertRouterApp {
  private AlertRouterApp() {}

  /** A running instance; closing it stops the API, the topology and the notifier, in that order. */
  public interface Running extends AutoCloseable {
    /** The Alertmanager API base URL, e.g. {@code http://127.0.0.1:9401}. */
    String apiUrl();

    PrometheusMeterRegistry metrics();

    @Override
    void close();
  }

  /** Loads the configs, creates missing topics, starts everything and waits until the topology runs (60 s). */
  public static Running start(AlertRouterConfig config) throws IOException, InterruptedException {
    String yaml = Files.readString(config.alertmanagerFile());
    AlertmanagerConfig am = AlertmanagerConfigLoader.load(config.alertmanagerFile());
    var rules = config.rulesFile() == null ? List.<RuleGroup>of()
        : RulesLoader.load(config.rulesFile());
    try (Admin admin = Admin.create(clientProps(config, AdminClientConfig.configNames(),
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers())))) {
      new TopicCreator(admin).createMissing(List.of(Topics.AGGREGATES, Topics.DEAD_LETTER, Topics.ALERTS,
          Topics.ALERT_STATE, Topics.SILENCES, Topics.NOTIFICATION_DEAD_LETTER));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Path stateDir = config.stateDir() != null ? config.stateDir() : Files.createTempDirectory("alert-router-state");
    String externalUrl = config.externalUrl() != null ? config.externalUrl()
        : "http://" + config.httpHost() + ":" + config.httpPort();
    Notifier notifier = new Notifier(am.receivers(), am.templates(), externalUrl, config.delivery(), registry,
        NotificationDeadLetters.connect(config.bootstrapServers(), config.kafkaOverrides()), System::currentTimeMillis);
    StreamsSupervisor streams = new StreamsSupervisor(() -> AlertRouterTopology.build(new AlertRouterTopology.Config(
        am, rules, config.tick(), notifier)), streamsProps(config, stateDir), registry, config.onFatal());
    KafkaProducer<String, byte[]> producer = producer(config);
    RouterHealth health = null;
    AlertmanagerApi api = null;
    try {
      streams.start();
      awaitRunning(streams);
      health = new RouterHealth(config.bootstrapServers(), config.kafkaOverrides(), () -> streams.current().state());
      api = new AlertmanagerApi(config.httpHost(), config.httpPort(), am, yaml, new StreamsState(streams::current),
          producer, config.bearerToken(), registry, System::currentTimeMillis, health);
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (health != null) {
        health.close();
      }
      streams.close(false);
      notifier.close();
      producer.close();
      throw e;
    }
    return new Instance(api, health, notifier, streams, producer, registry, config.tick());
  }

  private record Instance(AlertmanagerApi api, RouterHealth health, Notifier notifier, StreamsSupervisor streams,
      KafkaProducer<String, byte[]> producer, PrometheusMeterRegistry metrics, Duration tick) implements Running {
    @Override
    public String apiUrl() {
      return api.url();
    }

    @Override
    public void close() {
      api.close();
      health.close();
      try {
        // Let deliveries in flight finish and their outcomes reach the groups (applied on the next ticks), so the
        // final commit logs them and the groups' next owner does not send them again.
        notifier.drain(DRAIN_TIMEOUT);
        Thread.sleep(3 * tick.toMillis() + 200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Leave the group so the remaining instances take over this one's groups at once, not after the session timeout.
      streams.close(true);
      notifier.close();
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** How long a graceful stop waits for deliveries in flight. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private static void awaitRunning(StreamsSupervisor streams) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.current().state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = streams.current().state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("alert-router topology stopped while starting: " + state);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("alert-router topology not running after 60 s (state " + state
            + "); is Kafka reachable?");
      }
      Thread.sleep(50);
    }
  }

  /** The Kafka Streams properties: exactly-once v2, the config's standby replicas, then the Kafka overrides. */
  static Properties streamsProps(AlertRouterConfig config, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    // An idle stream thread waits in poll at most this long, so due group timers and delivery outcomes are handled
    // within about one tick (records arriving end the wait at once).
    props.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, config.tick().toMillis())));
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    props.putAll(config.kafkaOverrides());
    return props;
  }

  /** How often a transaction commits, so how long a record waits before the next hop sees it (at most). */
  static final int COMMIT_INTERVAL_MS = 100;

  private static KafkaProducer<String, byte[]> producer(AlertRouterConfig config) {
    Map<String, Object> props = clientProps(config, ProducerConfig.configNames(), Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 1,
        // The API answers 503 instead of hanging when Kafka is away; a send never blocks a request for long.
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000));
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** {@code base} with the config's Kafka overrides (client settings: TLS, SASL...) that this kind of client knows. */
  private static Map<String, Object> clientProps(AlertRouterConfig config, Set<String> known, Map<String, Object> base) {
    Map<String, Object> props = new HashMap<>(base);
    config.kafkaOverrides().forEach((k, v) -> {
      if (known.contains(k) || k.startsWith("config.providers")) {
        props.put(k, v);
      }
    });
    return props;
  }
}

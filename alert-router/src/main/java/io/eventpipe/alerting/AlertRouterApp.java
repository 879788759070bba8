package io.eventpipe.alerting;

import io.eventpipe.alerting.api.AlertmanagerApi;
import io.eventpipe.alerting.api.StreamsState;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.AlertmanagerConfigLoader;
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
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Starts and stops one router instance: the Streams topology, the notifier and the Alertmanager API. The
 * programmatic entry point for the CLI, the demo and test/benchmark harnesses.
 */
public final class AlertRouterApp {
  private AlertRouterApp() {}

  /** A running instance; closing it stops the API, the notifier and the topology, in that order. */
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
          Topics.ALERT_STATE, Topics.SILENCES, Topics.NOTIFICATIONS, Topics.NOTIFICATION_DEAD_LETTER));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Path stateDir = config.stateDir() != null ? config.stateDir() : Files.createTempDirectory("alert-router-state");
    KafkaStreams streams = new KafkaStreams(AlertRouterTopology.build(new AlertRouterTopology.Config(am, rules,
        config.tick())), streamsProps(config, stateDir));
    streams.start();
    KafkaProducer<String, byte[]> producer = producer(config);
    Notifier notifier = null;
    AlertmanagerApi api = null;
    try {
      awaitRunning(streams);
      String externalUrl = config.externalUrl() != null ? config.externalUrl()
          : "http://" + config.httpHost() + ":" + config.httpPort();
      notifier = new Notifier(config.bootstrapServers(), config.applicationId() + "-notifier", am.receivers(),
          am.templates(), externalUrl, config.delivery(), registry, config.kafkaOverrides());
      notifier.start();
      api = new AlertmanagerApi(config.httpHost(), config.httpPort(), am, yaml, new StreamsState(streams), producer,
          config.bearerToken(), registry, System::currentTimeMillis);
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (notifier != null) {
        notifier.close();
      }
      streams.close(Duration.ofSeconds(30));
      producer.close();
      throw e;
    }
    return new Instance(api, notifier, streams, producer, registry);
  }

  private record Instance(AlertmanagerApi api, Notifier notifier, KafkaStreams streams,
      KafkaProducer<String, byte[]> producer, PrometheusMeterRegistry metrics) implements Running {
    @Override
    public String apiUrl() {
      return api.url();
    }

    @Override
    public void close() {
      api.close();
      notifier.close();
      // Leave the group so the remaining instances take over this one's groups at once, not after the session timeout.
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(30)));
      producer.close(Duration.ofSeconds(5));
    }
  }

  private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("alert-router topology stopped while starting: " + streams.state());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("alert-router topology not running after 60 s (state " + streams.state()
            + "); is Kafka reachable?");
      }
      Thread.sleep(50);
    }
  }

  private static Properties streamsProps(AlertRouterConfig config, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.putAll(config.kafkaOverrides());
    return props;
  }

  private static KafkaProducer<String, byte[]> producer(AlertRouterConfig config) {
    return new KafkaProducer<>(clientProps(config, ProducerConfig.configNames(),
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 1)), new StringSerializer(), new ByteArraySerializer());
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

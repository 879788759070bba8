package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor on a real broker: a stream thread that dies of a transient error gets the client rebuilt and the record is
 * processed again; a fatal error reaches {@code onFatal} (which exits the CLI) instead of looping.
 */
class StreamsSupervisorTest {
  @TempDir
  static Path dir;

  private static KafkaCluster kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.start();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("supervised-in", 1, (short) 1), new NewTopic("fatal-in", 1, (short) 1)))
          .all().get();
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static Properties props(String app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(app).toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return p;
  }

  /** A topology whose first {@code failures} records throw {@code failure}, then records values. */
  private static Topology topology(String topic, AtomicInteger failures, RuntimeException failure, List<String> seen) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(topic, Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> {
      if (failures.getAndDecrement() > 0) {
        throw failure;
      }
      seen.add(v);
    });
    return b.build();
  }

  private static void send(String topic, String value) throws Exception {
    try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>(topic, "k", value)).get();
    }
  }

  @Test
  void transientErrorRebuildsTheClientAndTheRecordIsProcessedAgain() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<String> seen = new CopyOnWriteArrayList<>();
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    AtomicInteger failures = new AtomicInteger(1);
    StreamsSupervisor supervisor = new StreamsSupervisor(() -> topology("supervised-in", failures,
        new TimeoutException("commit timed out"), seen), props("supervised"), registry, fatal::add);
    supervisor.start();
    try {
      send("supervised-in", "v1");
      await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("v1"));
      assertThat(fatal).isEmpty();
      assertThat(registry.scrape()).contains("alert_router_restarts_total{component=\"streams\"} 1.0");
    } finally {
      supervisor.close();
    }
  }

  @Test
  void fatalErrorGoesToOnFatal() throws Exception {
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    AtomicInteger failures = new AtomicInteger(Integer.MAX_VALUE);
    StreamsSupervisor supervisor = new StreamsSupervisor(() -> topology("fatal-in", failures,
        new TopicAuthorizationException("not allowed"), new CopyOnWriteArrayList<>()), props("fatal"),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), fatal::add);
    supervisor.start();
    try {
      send("fatal-in", "v1");
      await().atMost(Duration.ofSeconds(60)).until(() -> !fatal.isEmpty());
      assertThat(StreamsSupervisor.isFatal(fatal.get(0))).isTrue();
    } finally {
      supervisor.close();
    }
  }

  @Test
  void classification() {
    assertThat(StreamsSupervisor.isFatal(new StreamsException(new TopicAuthorizationException("x")))).isTrue();
    assertThat(StreamsSupervisor.isFatal(new StreamsException(new OutOfMemoryError()))).isTrue();
    assertThat(StreamsSupervisor.isFatal(new StreamsException(new TimeoutException("x")))).isFalse();
  }
}

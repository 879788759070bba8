package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore on a real broker from changelogs holding values this release cannot read (as another version could leave
 * them): each is dead-lettered as stored and counted, and the app goes on. Its own broker, because the other tests
 * count the input records they wrote.
 */
class StoreRestoreTest {
  private static final String APP = "restore-test";
  private static final String SERIES = APP + "-" + SeriesAggregator.SERIES + "-changelog";
  private static final String CLOCK = APP + "-" + SeriesAggregator.CLOCK + "-changelog";
  private static final String RESTORED =
      "http_requests_total{endpoint=\"/restored\",method=\"GET\",service=\"api\",status=\"200\"}";
  private static KafkaCluster kafka;

  @TempDir
  Path stateDir;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaClusters.start();
    Inputs.createTopics(kafka.bootstrapServers());
    int partitions = AggregatorTopology.catalogPartitions().values().stream().mapToInt(Integer::intValue).max()
        .orElseThrow();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(SERIES, CLOCK).stream().map(name -> new NewTopic(name, partitions, (short) 1)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))).toList())
          .all().get();
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void unreadableStoreValuesAreDeadLetteredAsStoredAndTheAppGoesOn() throws Exception {
    try (Inputs inputs = new Inputs(kafka.bootstrapServers())) {
      // The default partitioner puts the series value in the partition the partials partitioner sends its updates to.
      inputs.raw(SERIES, RESTORED, new byte[] {9, 9, 9});
      inputs.raw(CLOCK, "closed-through", new byte[] {1, 2, 3});
      inputs.send(Events.request(Events.RECENT, "GET", "/restored", 200, 0.02, null));

      AggregatorConfig config = AggregatorConfig.defaults(kafka.bootstrapServers()).withMetricsPort(0)
          .withStateDir(stateDir).withApplicationId(APP);
      try (AggregatorApp app = AggregatorApp.start(config)) {
        URI metrics = app.metricsUrl();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> assertThat(
            Samples.parse(Http.metrics(metrics)))
            .containsEntry(RESTORED, 1.0)
            .containsEntry(deadLetters(SERIES), 1.0)
            .containsEntry(deadLetters(CLOCK), 1.0));
        inputs.send(Events.request(Events.RECENT + 1, "GET", "/restored", 200, 0.02, null));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
            Samples.parse(Http.metrics(metrics))).containsEntry(RESTORED, 2.0));
      }
    }
    Map<String, String> refused = new HashMap<>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "dead-letters"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.DEAD_LETTER.name()));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> refused.put(
            DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC), r.key() + " " + Arrays.toString(r.value())));
        return refused.size() >= 2;
      });
    }
    assertThat(refused).containsOnly(Map.entry(SERIES, RESTORED + " [9, 9, 9]"),
        Map.entry(CLOCK, "closed-through [1, 2, 3]"));
  }

  private static String deadLetters(String topic) {
    return "eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + topic + "\"}";
  }
}

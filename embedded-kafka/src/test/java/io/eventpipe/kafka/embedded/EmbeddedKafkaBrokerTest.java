package io.eventpipe.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.schemas.topics.Topic;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @Test
  void createsCatalogTopicsOnceAndKeepsDataAcrossRestartWithDataDir(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        TopicCreator creator = new TopicCreator(admin);
        assertThat(creator.createMissing(Topics.ALL)).hasSize(Topics.ALL.size());
        assertThat(creator.createMissing(Topics.ALL)).isEmpty();

        var description = admin.describeTopics(List.of(Topics.BILLING.name())).allTopicNames().get().get(Topics.BILLING.name());
        assertThat(description.partitions()).hasSize(Topics.BILLING.partitions());
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.BILLING.name());
        var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("-1");
      }
      produce(broker.bootstrapServers(), Topics.REQUESTS, List.of("a", "b", "c"));

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      broker.restart();

      assertThat(consumeAll(broker.bootstrapServers(), Topics.REQUESTS, 3)).containsExactlyInAnyOrder("a", "b", "c");
    }
    assertThat(Files.exists(dir.resolve("logs/meta.properties"))).isTrue();
  }

  @Test
  void refusesATakenPortWithAClearMessage() {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start()) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(first.port(), null))
          .isInstanceOf(EmbeddedKafkaBroker.PortInUseException.class)
          .hasMessageContaining("port " + first.port() + " on 127.0.0.1 is already in use");
    }
  }

  static void produce(String bootstrap, Topic topic, List<String> values) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      values.forEach(v -> producer.send(new ProducerRecord<>(topic.name(), v, v)));
      producer.flush();
    }
  }

  static List<String> consumeAll(String bootstrap, Topic topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}

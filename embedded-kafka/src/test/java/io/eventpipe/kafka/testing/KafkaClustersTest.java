package io.eventpipe.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClustersTest {

  @Test
  void theChosenClusterIsARealBrokerThatSurvivesAStopAndRestart() throws Exception {
    try (KafkaCluster cluster = KafkaClusters.start()) {
      // No Docker engine runs on the build machines, so the embedded broker must have been chosen there.
      if (!ContainerCluster.dockerAvailable()) {
        assertThat(cluster.description()).startsWith("embedded KRaft at 127.0.0.1:");
      }
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        new TopicCreator(admin).createMissing(List.of(Topics.ACTIVITY));
      }
      send(cluster, "before");
      cluster.stopBroker();
      cluster.restartBroker();
      send(cluster, "after");

      assertThat(readAll(cluster, 2)).containsExactlyInAnyOrder("before", "after");
    }
  }

  @Test
  void theSharedClusterIsOnePerJvm() {
    assertThat(KafkaClusters.shared()).isSameAs(KafkaClusters.shared());
  }

  private static void send(KafkaCluster cluster, String value) throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.ACTIVITY.name(), value, value)).get();
    }
  }

  private static List<String> readAll(KafkaCluster cluster, int expected) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "clusters-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.ACTIVITY.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}

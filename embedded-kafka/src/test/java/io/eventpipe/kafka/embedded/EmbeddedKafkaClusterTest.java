package io.eventpipe.kafka.embedded;

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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The cluster fixture itself: catalog topics get replication 3 and min.insync.replicas 2 from the broker defaults,
 * and acks=all producing to a partition whose leader was stopped (SIGTERM) goes on with two nodes. Killing and
 * restarting nodes is exercised by the fault tests that use the cluster (ClusterBrokerKillTest in
 * streams-aggregator, ClusterRoutersTest in alert-router).
 */
class EmbeddedKafkaClusterTest {

  @Test
  void catalogTopicsAreReplicatedThreeTimesAndAcksAllProducingGoesOnWithANodeStopped() throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
      var topics = admin.describeTopics(Topics.ALL.stream().map(t -> t.name()).toList()).allTopicNames().get();
      assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions())
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REQUESTS.name());
      assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value())
          .isEqualTo("2");
      try (KafkaProducer<String, String> producer = producer(cluster)) {
        send(producer, "before");
        int leader = cluster.leaderOf(Topics.REQUESTS.name(), 0);
        cluster.stop(leader);
        assertThat(cluster.isRunning(leader)).isFalse();
        send(producer, "one node stopped"); // acks=all with min.insync.replicas=2: two nodes suffice
      }
      assertThat(readAll(cluster, 2)).containsExactlyInAnyOrder("before", "one node stopped");
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaCluster cluster) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
  }

  private static void send(KafkaProducer<String, String> producer, String value) throws Exception {
    // Every value on partition 0, the partition whose leader is stopped.
    producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), 0, value, value)).get();
  }

  private static List<String> readAll(EmbeddedKafkaCluster cluster, int expected) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.REQUESTS.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}

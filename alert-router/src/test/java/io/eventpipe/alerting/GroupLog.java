package io.eventpipe.alerting;

import io.eventpipe.alerting.dispatch.AggrGroup;
import io.eventpipe.alerting.dispatch.GroupProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The routers' notification log as committed to Kafka: the group store's changelog read with read_committed. A group
 * whose log entry is here was notified and its owner's transaction committed, so no later owner sends it again.
 */
final class GroupLog implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final Map<String, AggrGroup> groups = new HashMap<>();

  GroupLog(String bootstrap, String applicationId) {
    consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        new ByteArrayDeserializer());
    String topic = applicationId + "-" + GroupProcessor.STORE + "-changelog";
    partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Group keys whose notification log has an entry, as committed up to now. */
  Set<String> logged() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> {
        if (r.value() == null) {
          groups.remove(r.key());
        } else {
          groups.put(r.key(), Json.read(r.value(), AggrGroup.class));
        }
      });
    }
    return groups.values().stream().filter(g -> !g.nflog().isEmpty()).map(AggrGroup::groupKey)
        .collect(Collectors.toSet());
  }

  @Override
  public void close() {
    consumer.close();
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.schemas.topics.Topic;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Kafka Streams application has consumed and committed everything in the topics it reads: its input
 * topics (from the catalog), its repartition topics, and every other topic it has committed offsets for.
 */
final class ConsumerGroupLag {
  private ConsumerGroupLag() {}

  static final List<Topic> INPUTS = List.of(Topics.REQUESTS, Topics.GENERATIONS, Topics.BILLING, Topics.ACTIVITY,
      Topics.QUEUE_SAMPLES, Topics.GPU_SAMPLES);

  static boolean caughtUp(String bootstrap, String groupId, Duration timeout) {
    Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(props)) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      committed.keySet().forEach(tp -> ends.put(tp, OffsetSpec.latest()));
      // Repartition topics too, before this group has committed anything on them.
      List<String> read = new java.util.ArrayList<>(INPUTS.stream().map(Topic::name).toList());
      admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
          .filter(name -> name.startsWith(groupId + "-") && name.endsWith("-repartition")).forEach(read::add);
      Map<String, TopicDescription> inputs = admin.describeTopics(read)
          .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      inputs.values().forEach(d -> d.partitions().forEach(p ->
          ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
      var endOffsets = admin.listOffsets(ends).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (var end : endOffsets.entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        long position = offset == null ? 0 : offset.offset();
        if (position < end.getValue().offset()) {
          return false;
        }
      }
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package io.eventpipe.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the metric-partials topic: a partial by its series id (as Kafka's default partitioner would), a
 * watermark mark to the partition it is addressed to (its key names the target, see {@link PreAggregator}).
 */
final class PartialsPartitioner implements StreamPartitioner<String, byte[]> {
  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
    if (key.startsWith(PreAggregator.MARK_KEY)) {
      return Optional.of(Set.of(Integer.parseInt(key.substring(PreAggregator.MARK_KEY.length()))));
    }
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions));
  }
}

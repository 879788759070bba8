package io.eventpipe.aggregator;

import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.metrics.ClosedThrough;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions {@code aggregates.1m}: windows and corrections by series id (Kafka's default), closed-through marks to
 * every partition, so that on each partition a mark follows every window it covers.
 */
final class AggregatesPartitioner implements StreamPartitioner<String, MetricAggregate> {
  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, MetricAggregate value, int numPartitions) {
    if (ClosedThrough.isMark(value)) {
      return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions));
  }
}

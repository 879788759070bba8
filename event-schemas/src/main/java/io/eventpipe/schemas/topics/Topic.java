package io.eventpipe.schemas.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A topic as the pipeline expects it to exist: its name, what its key and value are, how many partitions
 * it has and how long the broker keeps its data.
 *
 * @param retention how long records are kept; null keeps them forever (needed for replay of billing history)
 * @param compacted true for topics that hold the latest value per key (state, not history)
 */
public record Topic(String name, String key, String value, int partitions, Duration retention, boolean compacted) {

  /** The broker-side configs that make the topic behave as described. */
  public Map<String, String> configs() {
    Map<String, String> configs = new HashMap<>();
    configs.put("cleanup.policy", compacted ? "compact" : "delete");
    configs.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
    return configs;
  }
}

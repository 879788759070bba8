package io.eventpipe.producers;

import java.time.Duration;
import java.util.Map;

/**
 * How an {@link EventPublisher} connects and how much it may buffer.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param bufferCapacity events held between callers and the Kafka producer; beyond it events are dropped
 * @param closeTimeout how long {@link EventPublisher#close()} waits for buffered events to be acknowledged
 * @param producerOverrides extra KafkaProducer settings, applied over the publisher's defaults
 */
public record PublisherConfig(String bootstrapServers, int bufferCapacity, Duration closeTimeout,
    Map<String, Object> producerOverrides) {

  public static final int DEFAULT_BUFFER_CAPACITY = 10_000;
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  public PublisherConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers: required, e.g. localhost:9092");
    }
    if (bufferCapacity < 1) {
      throw new IllegalArgumentException("bufferCapacity: must be >= 1, got " + bufferCapacity);
    }
    if (closeTimeout == null || closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout: must be >= 0, got " + closeTimeout);
    }
    producerOverrides = Map.copyOf(producerOverrides);
  }

  public static PublisherConfig of(String bootstrapServers) {
    return new PublisherConfig(bootstrapServers, DEFAULT_BUFFER_CAPACITY, DEFAULT_CLOSE_TIMEOUT, Map.of());
  }

  public PublisherConfig withBufferCapacity(int capacity) {
    return new PublisherConfig(bootstrapServers, capacity, closeTimeout, producerOverrides);
  }

  public PublisherConfig withCloseTimeout(Duration timeout) {
    return new PublisherConfig(bootstrapServers, bufferCapacity, timeout, producerOverrides);
  }

  public PublisherConfig withProducerOverrides(Map<String, Object> overrides) {
    return new PublisherConfig(bootstrapServers, bufferCapacity, closeTimeout, overrides);
  }
}

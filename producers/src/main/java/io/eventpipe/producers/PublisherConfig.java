package io.eventpipe.producers;

import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;

/**
 * How an {@link EventPublisher} connects and how much it may buffer.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param bufferCapacity events held between callers and the Kafka producer; beyond it events are dropped
 * @param closeTimeout how long {@link EventPublisher#close()} waits for buffered events to be acknowledged
 * @param producerOverrides extra KafkaProducer settings, applied over the publisher's defaults
 * @param kafka the process's Kafka client settings (TLS, SASL...), applied last
 */
public record PublisherConfig(String bootstrapServers, int bufferCapacity, Duration closeTimeout,
    Map<String, Object> producerOverrides, KafkaClientSettings kafka) {

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
    if (kafka == null) {
      throw new IllegalArgumentException("kafka: required (KafkaClientSettings.none() for none)");
    }
  }

  public static PublisherConfig of(String bootstrapServers) {
    return new PublisherConfig(bootstrapServers, DEFAULT_BUFFER_CAPACITY, DEFAULT_CLOSE_TIMEOUT, Map.of(), KafkaClientSettings.none());
  }

  public PublisherConfig withBufferCapacity(int capacity) {
    return new PublisherConfig(bootstrapServers, capacity, closeTimeout, producerOverrides, kafka);
  }

  public PublisherConfig withCloseTimeout(Duration timeout) {
    return new PublisherConfig(bootstrapServers, bufferCapacity, timeout, producerOverrides, kafka);
  }

  public PublisherConfig withProducerOverrides(Map<String, Object> overrides) {
    return new PublisherConfig(bootstrapServers, bufferCapacity, closeTimeout, overrides, kafka);
  }

  public PublisherConfig withKafka(KafkaClientSettings settings) {
    return new PublisherConfig(bootstrapServers, bufferCapacity, closeTimeout, producerOverrides, settings);
  }
}

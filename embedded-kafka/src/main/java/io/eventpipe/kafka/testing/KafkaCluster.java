package io.eventpipe.kafka.testing;

/**
 * "A Kafka cluster" for integration tests: a real broker reachable at {@link #bootstrapServers()}.
 * Testcontainers' Kafka where a Docker engine runs, the in-JVM KRaft broker otherwise; tests do not care which.
 */
public interface KafkaCluster extends AutoCloseable {

  String bootstrapServers();

  /** Stops the broker without losing data (to test behaviour while Kafka is down). */
  void stopBroker();

  /** Starts a stopped broker again at the same address. */
  void restartBroker();

  /** Where the broker runs, for test logs: "embedded KRaft" or "testcontainers". */
  String description();

  @Override
  void close();
}

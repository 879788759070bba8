package io.eventpipe.kafka.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers' Kafka (apache/kafka image, KRaft). Loaded only when Testcontainers is on the test
 * classpath and a Docker engine answers.
 */
final class ContainerCluster implements KafkaCluster {
  static final String IMAGE = "apache/kafka:4.1.1";

  private final KafkaContainer container = new KafkaContainer(IMAGE);

  ContainerCluster() {
    container.start();
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void stopBroker() {
    container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void restartBroker() {
    container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public String description() {
    return "testcontainers " + IMAGE + " at " + bootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}

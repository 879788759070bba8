package io.eventpipe.kafka.testing;

import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.common.utils.Exit;

/** The in-JVM KRaft broker as a test cluster. */
final class EmbeddedCluster implements KafkaCluster {
  static {
    // A fatal broker fault would otherwise halt the test JVM and hide the failing test.
    Exit.setHaltProcedure((status, message) -> {
      throw new IllegalStateException("embedded Kafka asked to halt(" + status + "): " + message);
    });
    Exit.setExitProcedure((status, message) -> {
      throw new IllegalStateException("embedded Kafka asked to exit(" + status + "): " + message);
    });
  }

  private final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void stopBroker() {
    broker.stop();
  }

  @Override
  public void restartBroker() {
    broker.restart();
  }

  @Override
  public String description() {
    return "embedded KRaft at " + bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
  }
}

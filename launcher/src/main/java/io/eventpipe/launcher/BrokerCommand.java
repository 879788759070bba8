package io.eventpipe.launcher;

import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pipeline broker}: the embedded KRaft broker alone, with the catalog topics, until Ctrl-C. */
@Command(name = "broker", description = "Run a single-node Kafka broker (KRaft) on 127.0.0.1 with the pipeline's topics.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Broker port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", description = "Keep the broker's data here across restarts (default: a temporary directory).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new CliErrors.UserError("--port must be 1..65535, got " + port);
    }
    try (ShutdownSignal signal = new ShutdownSignal();
        EmbeddedKafkaBroker broker = startBrokerWithTopics(port, dataDir)) {
      System.out.println("Kafka broker ready at " + broker.bootstrapServers()
          + (dataDir == null ? " (temporary data)" : " (data in " + dataDir + ")") + "; Ctrl-C to stop");
      signal.await();
      System.out.println("stopping the broker...");
    }
    return 0;
  }

  /** Starts the broker and creates the catalog topics it is missing. */
  static EmbeddedKafkaBroker startBrokerWithTopics(int port, Path dataDir) throws InterruptedException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
    } catch (RuntimeException | InterruptedException e) {
      broker.close();
      throw e;
    }
    return broker;
  }
}

package io.eventpipe.kafka.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The server.properties of one {@link EmbeddedKafkaCluster} node: the single broker's settings, with replication 3,
 * {@code min.insync.replicas=2} as every topic's default and a static quorum of all three nodes.
 */
final class ClusterNodeConfig {
  private ClusterNodeConfig() {}

  /** Node {@code node}'s settings, given every node's client and controller port. */
  static Properties properties(int node, Map<Integer, Integer> ports, Map<Integer, Integer> controllerPorts,
      Path logDir) {
    String controller = KraftStorage.CONTROLLER_LISTENER;
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(node));
    props.put("controller.quorum.voters", controllerPorts.entrySet().stream()
        .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue()).collect(Collectors.joining(",")));
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + ports.get(node) + "," + controller + "://127.0.0.1:"
        + controllerPorts.get(node));
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.get(node));
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + controller + ":PLAINTEXT");
    props.put("controller.listener.names", controller);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "3");
    // Topics created without explicit settings (the catalog's TopicCreator, Kafka Streams' internal topics with
    // replication.factor -1) take these: one source of truth, as a production cluster's defaults are.
    props.put("default.replication.factor", "3");
    props.put("min.insync.replicas", "2");
    props.put("offsets.topic.replication.factor", "3");
    props.put("offsets.topic.num.partitions", "10");
    props.put("transaction.state.log.replication.factor", "3");
    props.put("transaction.state.log.min.isr", "2");
    props.put("transaction.state.log.num.partitions", "10");
    props.put("share.coordinator.state.topic.replication.factor", "3");
    props.put("share.coordinator.state.topic.min.isr", "2");
    props.put("group.initial.rebalance.delay.ms", "0");
    // A killed node is fenced (its partitions get new leaders) after this; the 9 s default only makes tests wait.
    props.put("broker.session.timeout.ms", "6000");
    props.put("broker.heartbeat.interval.ms", "1000");
    // The 128 MiB default dedupe buffer alone costs ~130 MB of RSS per node; compacted topics here are small.
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    // Fewer threads per node: three nodes share two cores with the clients under test.
    props.put("num.io.threads", "2");
    props.put("num.network.threads", "2");
    props.put("num.replica.fetchers", "1");
    props.put("background.threads", "2");
    return props;
  }
}

package io.eventpipe.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real three-node Kafka cluster on 127.0.0.1: KRaft, each node a combined broker and controller of a three-voter
 * quorum, each in its own JVM so that it can be killed like kill -9 ({@link #kill}) or shut down cleanly
 * ({@link #stop}) and started again on its ports and log directory ({@link #start(int)}).
 *
 * <p>Every topic created without explicit settings (the catalog's TopicCreator, Kafka Streams' internal topics,
 * the offsets and transaction logs) gets replication factor 3 and {@code min.insync.replicas=2}, as on a production
 * cluster, so one node can be down while acks=all producers and exactly-once transactions go on.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
  public static final int NODES = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

  private final Path dir;
  private final boolean ownsDir;
  private final Map<Integer, Integer> ports = new TreeMap<>();
  private final Map<Integer, Integer> controllerPorts = new TreeMap<>();
  private final Map<Integer, Process> processes = new TreeMap<>();
  private final Admin admin;

  private EmbeddedKafkaCluster(Path dir, boolean ownsDir) {
    this.dir = dir;
    this.ownsDir = ownsDir;
    List<Integer> reserved = reservePorts(2 * NODES);
    for (int node = 1; node <= NODES; node++) {
      ports.put(node, reserved.get(2 * (node - 1)));
      controllerPorts.put(node, reserved.get(2 * (node - 1) + 1));
    }
    String clusterId = Uuid.randomUuid().toString();
    for (int node : ports.keySet()) {
      writeConfig(node);
      KraftStorage.format(logDir(node), node, clusterId, List.of());
    }
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly),
        "embedded-kafka-cluster-kill"));
  }

  /** Starts the three nodes in a temporary directory (deleted on close) and returns once all are registered. */
  public static EmbeddedKafkaCluster start() {
    try {
      return start(Files.createTempDirectory("embedded-kafka-cluster"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the Kafka cluster", e);
    }
  }

  private static EmbeddedKafkaCluster start(Path dir, boolean ownsDir) {
    long begin = System.nanoTime();
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(dir, ownsDir);
    try {
      cluster.ports.keySet().forEach(cluster::launch);
      cluster.awaitBrokers(nodes -> nodes.size() == NODES, "all " + NODES + " nodes registered");
      LOG.info("Kafka cluster of {} nodes at {} up in {} ms", NODES, cluster.bootstrapServers(),
          (System.nanoTime() - begin) / 1_000_000);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Every node's address: clients keep working while any one node is down. */
  public String bootstrapServers() {
    return ports.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** Node ids, 1 to {@link #NODES}. */
  public Set<Integer> nodes() {
    return ports.keySet();
  }

  public synchronized boolean isRunning(int node) {
    Process process = processes.get(node);
    return process != null && process.isAlive();
  }

  /** SIGKILL: no controlled shutdown, nothing flushed; the cluster notices when the node's session times out. */
  public synchronized void kill(int node) {
    Process process = requireRunning(node);
    process.destroyForcibly();
    awaitExit(node, process);
    processes.remove(node);
    LOG.info("Kafka node {} killed", node);
  }

  /** SIGTERM: Kafka's controlled shutdown (leadership moves away first); waits for the JVM to exit. */
  public synchronized void stop(int node) {
    long begin = System.nanoTime();
    Process process = requireRunning(node);
    process.destroy();
    awaitExit(node, process);
    processes.remove(node);
    LOG.info("Kafka node {} stopped in {} ms", node, (System.nanoTime() - begin) / 1_000_000);
  }

  /** Starts a stopped or killed node on its ports and log directory; returns once the cluster has it unfenced. */
  public synchronized void start(int node) {
    if (isRunning(node)) {
      throw new IllegalStateException("node " + node + " is already running");
    }
    long begin = System.nanoTime();
    EmbeddedKafkaBroker.requireFree(ports.get(node));
    launch(node);
    awaitBrokers(nodes -> nodes.contains(node), "node " + node + " registered again");
    LOG.info("Kafka node {} started again in {} ms", node, (System.nanoTime() - begin) / 1_000_000);
  }

  /** The node leading {@code topic}'s {@code partition}, or -1 when it has none at the moment. */
  public int leaderOf(String topic, int partition) {
    TopicPartitionInfo info = describe(List.of(topic)).get(topic).partitions().get(partition);
    return info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id();
  }

  /** Partitions led per node, over every topic (internal ones included). */
  public Map<Integer, Long> leaderCounts() {
    Map<Integer, Long> counts = new TreeMap<>();
    nodes().forEach(n -> counts.put(n, 0L));
    for (TopicDescription topic : describe(topicNames()).values()) {
      for (TopicPartitionInfo p : topic.partitions()) {
        if (p.leader() != null && !p.leader().isEmpty()) {
          counts.merge(p.leader().id(), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /** Every topic (internal ones included) and its number of replicas. */
  public Map<String, Integer> replicationFactors() {
    Map<String, Integer> factors = new TreeMap<>();
    describe(topicNames()).forEach((name, t) -> factors.put(name, t.partitions().get(0).replicas().size()));
    return factors;
  }

  /** The node leading the most partitions (the lowest id among equals). */
  public int busiestLeader() {
    Map<Integer, Long> counts = leaderCounts();
    return counts.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
  }

  /** Waits until every partition of every topic has all its replicas in sync (a restarted node has caught up). */
  public void awaitFullyReplicated() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      List<String> lagging = describe(topicNames()).values().stream()
          .flatMap(t -> t.partitions().stream().filter(p -> p.isr().size() < p.replicas().size())
              .map(p -> t.name() + "-" + p.partition()))
          .toList();
      if (lagging.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions still under-replicated after " + READY_TIMEOUT + ": " + lagging);
      }
      pause();
    }
  }

  /** Kills every node and deletes the cluster's directory when it made it. */
  @Override
  public synchronized void close() {
    admin.close(Duration.ofSeconds(5));
    processes.forEach((node, process) -> {
      process.destroyForcibly();
      awaitExit(node, process);
    });
    if (ownsDir) {
      EmbeddedKafkaBroker.deleteRecursively(dir);
    }
  }

  private Path nodeDir(int node) {
    return dir.resolve("node-" + node);
  }

  private Path logDir(int node) {
    return nodeDir(node).resolve("logs");
  }

  private void writeConfig(int node) {
    Properties props = ClusterNodeConfig.properties(node, ports, controllerPorts, logDir(node));
    try {
      Files.createDirectories(nodeDir(node));
      try (Writer out = Files.newBufferedWriter(nodeDir(node).resolve("server.properties"))) {
        props.store(out, "node " + node + " of an EmbeddedKafkaCluster");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config of node " + node, e);
    }
  }

  /** kafka.Kafka (Kafka's own server entry point) in a JVM of its own, on this JVM's class path. */
  private void launch(int node) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only: a test-sized broker never runs long enough to repay C2's compile time on two cores.
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "kafka.Kafka",
        nodeDir(node).resolve("server.properties").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir(node).resolve("server.log").toFile()));
    try {
      processes.put(node, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + node, e);
    }
  }

  private Process requireRunning(int node) {
    if (!isRunning(node)) {
      throw new IllegalStateException("node " + node + " is not running");
    }
    return processes.get(node);
  }

  private void awaitExit(int node, Process process) {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while node " + node + " exits", e);
    }
  }

  /**
   * {@code count} distinct ports that were free, below Linux's ephemeral range (32768+). The node JVMs bind them
   * seconds later; a port from {@code ServerSocket(0)} could meanwhile be handed out again, as the source port of any
   * outgoing connection or by the next {@code ServerSocket(0)} (once, two nodes got one port and the second exited
   * with 1). All are held until all are found, so they are distinct.
   */
  private static List<Integer> reservePorts(int count) {
    Random random = new Random();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int attempt = 0; held.size() < count && attempt < 1000; attempt++) {
        int port = 20_000 + random.nextInt(12_000);
        try {
          ServerSocket socket = new ServerSocket();
          socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
          held.add(socket);
        } catch (IOException taken) {
          // In use: try another.
        }
      }
      if (held.size() < count) {
        throw new IllegalStateException("no " + count + " free ports on 127.0.0.1 in 20000-31999");
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      held.forEach(socket -> {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a listening socket that accepted nothing.
        }
      });
    }
  }

  /** The last lines of a node's log, for an error message (the directory is deleted when the cluster closes). */
  private String logTail(int node) {
    try {
      List<String> lines = Files.readAllLines(nodeDir(node).resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Polls the cluster's unfenced brokers until {@code condition} holds; fails at once when a node's JVM died. */
  private void awaitBrokers(Predicate<Set<Integer>> condition, String what) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      processes.forEach((node, process) -> {
        if (!process.isAlive()) {
          throw new IllegalStateException("node " + node + " exited with " + process.exitValue() + " before " + what
              + "; the end of its log:\n" + logTail(node));
        }
      });
      // Asked before every port answers, the admin client would log each refused connection.
      boolean listening = processes.keySet().stream().allMatch(node -> listening(ports.get(node)));
      try {
        Set<Integer> alive = !listening ? Set.of() : admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)
            .stream().map(Node::id).collect(Collectors.toSet());
        if (condition.test(alive)) {
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // Not answering yet: ask again.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka cluster: not " + what + " after " + READY_TIMEOUT + "; logs in " + dir);
      }
      pause();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> topicNames() {
    try {
      return new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
          .get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the cluster's topics: " + e.getMessage(), e);
    }
  }

  private Map<String, TopicDescription> describe(List<String> topics) {
    try {
      return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe " + topics + ": " + e.getMessage(), e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

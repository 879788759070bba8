package io.eventpipe.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM on 127.0.0.1.
 *
 * <p>Kafka's own KafkaClusterTestKit would also do this, but it is internal test API and enables unstable
 * features by default; this class uses only the server's public entry points with production settings
 * sized for one node. Optionally a second listener speaks SASL_SSL with SCRAM-SHA-512 ({@link SaslSslListener}),
 * for testing clients against a secured cluster.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final String CONTROLLER_LISTENER = KraftStorage.CONTROLLER_LISTENER;

  private final int port;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final SaslSslListener secure;
  private int securePort;
  private int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(int port, Path dataDir, boolean ownsDataDir, SaslSslListener secure) {
    this.port = port;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.secure = secure;
  }

  /**
   * Starts a broker on 127.0.0.1:{@code port} (0 picks a free port). With a {@code dataDir} the data
   * survives restarts; without, a temporary directory is used and deleted on close.
   *
   * @throws PortInUseException when the port is taken, before anything is started
   */
  public static EmbeddedKafkaBroker start(int port, Path dataDir) {
    return start(port, dataDir, null);
  }

  /**
   * Like {@link #start(int, Path)}, plus a SASL_SSL listener on a free port ({@link #secureBootstrapServers()})
   * when {@code secure} is not null; the plaintext listener stays for inter-broker traffic and test setup.
   */
  public static EmbeddedKafkaBroker start(int port, Path dataDir, SaslSslListener secure) {
    int brokerPort = port == 0 ? freePort() : requireFree(port);
    boolean temporary = dataDir == null;
    Path dir;
    try {
      dir = temporary ? Files.createTempDirectory("embedded-kafka") : Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka data directory " + dataDir, e);
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerPort, dir, temporary, secure);
    broker.startServer();
    return broker;
  }

  public static EmbeddedKafkaBroker start() {
    return start(0, null);
  }

  private void startServer() {
    if (controllerPort == 0) {
      controllerPort = freePort();
    }
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    String secured = "";
    if (secure != null) {
      securePort = securePort == 0 ? freePort() : securePort;
      secured = "," + SaslSslListener.NAME + "://127.0.0.1:" + securePort;
      String prefix = "listener.name." + SaslSslListener.NAME.toLowerCase(Locale.ROOT) + ".";
      props.put("sasl.enabled.mechanisms", SaslSslListener.MECHANISM);
      props.put(prefix + SaslSslListener.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      props.put(prefix + "ssl.keystore.location", secure.tls().brokerKeystore().toString());
      props.put(prefix + "ssl.keystore.password", secure.tls().password());
      props.put(prefix + "ssl.key.password", secure.tls().password());
      props.put(prefix + "ssl.keystore.type", "PKCS12");
    }
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + secured + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + secured);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"
        + (secure == null ? "" : "," + SaslSslListener.NAME + ":" + SaslSslListener.NAME));
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.resolve("logs").toString());
    props.put("num.partitions", "3");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "10");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "10");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // The 128 MiB default dedupe buffer alone costs ~130 MB of RSS; compacted topics here are small.
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    props.put("auto.create.topics.enable", "false");
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    format();
    server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      // A half-started server keeps controller threads alive and the JVM with them.
      stopServer();
      throw new IllegalStateException("embedded Kafka failed to start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  private void format() {
    KraftStorage.format(dataDir.resolve("logs"), 1, Uuid.randomUuid().toString(), secure == null ? List.of()
        : secure.scramUsers().entrySet().stream()
            .map(u -> SaslSslListener.MECHANISM + "=[name=" + u.getKey() + ",password=" + u.getValue() + "]").toList());
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The SASL_SSL listener's address; only for a broker started with a {@link SaslSslListener}. */
  public String secureBootstrapServers() {
    if (secure == null) {
      throw new IllegalStateException("this broker has no SASL_SSL listener");
    }
    return "127.0.0.1:" + securePort;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker, keeping the data; {@link #restart()} brings it back on the same port. */
  public synchronized void stop() {
    stopServer();
  }

  public synchronized void restart() {
    if (server == null) {
      requireFree(port);
      startServer();
    }
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public synchronized void close() {
    stopServer();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private void stopServer() {
    if (server != null) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } finally {
        server = null;
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return port;
    } catch (IOException e) {
      throw new PortInUseException(port);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temp dir left behind is harmless.
    }
  }

  /** The requested broker port is already bound by another process. */
  public static final class PortInUseException extends IllegalStateException {
    public PortInUseException(int port) {
      super("port " + port + " on 127.0.0.1 is already in use (another Kafka broker?); choose another with --port");
    }
  }
}

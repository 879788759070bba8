package io.eventpipe.kafka.testing;

/**
 * Chooses the cluster for integration tests: Testcontainers when its classes are present and a Docker
 * engine answers, the embedded broker otherwise. {@code EVENTPIPE_TEST_KAFKA=embedded} forces the embedded one.
 */
public final class KafkaClusters {
  private static KafkaCluster shared;
  private static Boolean useContainers;

  private KafkaClusters() {}

  /** A new cluster owned by the caller. */
  public static KafkaCluster start() {
    return useContainers() ? new ContainerCluster() : new EmbeddedCluster();
  }

  /** Decided once per JVM: probing for a Docker engine that is not there takes seconds each time. */
  private static synchronized boolean useContainers() {
    if (useContainers == null) {
      useContainers = !"embedded".equals(System.getenv("EVENTPIPE_TEST_KAFKA")) && testcontainersPresent()
          && ContainerCluster.dockerAvailable();
    }
    return useContainers;
  }

  /**
   * One cluster shared by every test in this JVM that only produces and consumes (tests use distinct topic
   * names or consumer groups). Closed when the JVM exits. Tests that stop the broker must use {@link #start()}.
   */
  public static synchronized KafkaCluster shared() {
    if (shared == null) {
      KafkaCluster cluster = start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-kafka-cluster-close"));
      shared = cluster;
    }
    return shared;
  }

  private static boolean testcontainersPresent() {
    try {
      Class.forName("org.testcontainers.kafka.KafkaContainer", false, KafkaClusters.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

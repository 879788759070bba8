package io.eventpipe.aggregator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link AggregatorMain} in a separate JVM on the test classpath, so it can be killed like kill -9. */
final class ChildAggregator {
  private final Process process;

  ChildAggregator(String bootstrap, int port, Path stateDir, String applicationId, Path log) throws IOException {
    this(bootstrap, port, stateDir, applicationId, log, AggregatorConfig.defaults(bootstrap).idleTimeout());
  }

  /** With this {@code --idle-timeout}. */
  ChildAggregator(String bootstrap, int port, Path stateDir, String applicationId, Path log,
      java.time.Duration idleTimeout) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        AggregatorMain.class.getName(), bootstrap, Integer.toString(port), stateDir.toString(), applicationId,
        Long.toString(idleTimeout.toMillis()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** SIGKILL: no shutdown hook, no commit, no clean close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}

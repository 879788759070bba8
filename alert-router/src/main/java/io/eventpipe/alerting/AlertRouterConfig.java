package io.eventpipe.alerting;

import io.eventpipe.alerting.notify.DeliveryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to run one router instance. Instances sharing an {@code applicationId} share the work: Kafka assigns each
 * group (and each notification) to exactly one of them.
 *
 * @param rulesFile alert rules on the aggregator's series; null for none
 * @param httpPort 0 picks a free port (see {@link AlertRouterApp.Running#apiUrl()})
 * @param bearerToken required on every API request when non-empty
 * @param stateDir Kafka Streams state; null for a fresh temporary directory
 * @param tick how often group timers are checked
 * @param kafkaOverrides extra Kafka settings for every client (Streams, producers, admin), e.g.
 *     {@code session.timeout.ms} (how soon a crashed instance's groups move to the others)
 * @param onFatal called once when stream processing fails in a way restarting cannot fix; the default logs and
 *     exits the JVM with status 1 so a supervisor (systemd, Kubernetes) restarts the process
 * @param standbyReplicas warm copies of each task's state (groups, alerts, silences) kept on other instances, so a
 *     failed-over task resumes without replaying its changelog ({@code num.standby.replicas}; 0 keeps none)
 */
public record AlertRouterConfig(String bootstrapServers, Path alertmanagerFile, Path rulesFile, String httpHost,
    int httpPort, String bearerToken, String applicationId, Path stateDir, Duration tick, DeliveryPolicy delivery,
    String externalUrl, Map<String, Object> kafkaOverrides, Consumer<Throwable> onFatal, int standbyReplicas) {

  public AlertRouterConfig {
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standby replicas: must not be negative, got " + standbyReplicas);
    }
  }

  public static final int DEFAULT_PORT = 9401;
  /** Due group timers are looked up this often (from an index, so cheap). */
  public static final Duration DEFAULT_TICK = Duration.ofMillis(20);
  private static final Logger LOG = LoggerFactory.getLogger(AlertRouterConfig.class);

  private static void exit(Throwable e) {
    LOG.error("alert-router cannot continue, exiting with status 1: {}", e.toString());
    // from a new thread: System.exit runs shutdown hooks that may wait for the thread reporting the failure
    new Thread(() -> System.exit(1), "alert-router-exit").start();
  }

  public AlertRouterConfig withOnFatal(Consumer<Throwable> handler) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides, handler, standbyReplicas);
  }

  public static AlertRouterConfig of(String bootstrapServers, Path alertmanagerFile, Path rulesFile) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, "127.0.0.1", DEFAULT_PORT, null,
        "alert-router", null, DEFAULT_TICK, DeliveryPolicy.defaults(), null, Map.of(), AlertRouterConfig::exit, 0);
  }

  public AlertRouterConfig withHttpPort(int port) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, port, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withBearerToken(String token) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, token,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withApplicationId(String id) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken, id,
        stateDir, tick, delivery, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withStateDir(Path dir) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, dir, tick, delivery, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withDelivery(DeliveryPolicy policy) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, policy, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withExternalUrl(String url) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, url, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withTick(Duration every) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, every, delivery, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withHttpHost(String host) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, host, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides, onFatal, standbyReplicas);
  }

  public AlertRouterConfig withKafkaOverrides(Map<String, Object> overrides) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, Map.copyOf(overrides), onFatal, standbyReplicas);
  }

  public AlertRouterConfig withStandbyReplicas(int replicas) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides, onFatal, replicas);
  }
}

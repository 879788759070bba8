package io.eventpipe.alerting;

import io.eventpipe.alerting.notify.DeliveryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to run one router instance. Instances sharing an {@code applicationId} share the work: Kafka assigns each
 * group (and each notification) to exactly one of them.
 *
 * @param rulesFile alert rules on the aggregator's series; null for none
 * @param httpPort 0 picks a free port (see {@link AlertRouterApp.Running#apiUrl()})
 * @param bearerToken required on every API request when non-empty
 * @param stateDir Kafka Streams state; null for a fresh temporary directory
 * @param tick how often group timers are checked
 * @param kafkaOverrides extra Kafka Streams / consumer settings, e.g. {@code session.timeout.ms} (how soon a
 *     crashed instance's groups move to the others)
 */
public record AlertRouterConfig(String bootstrapServers, Path alertmanagerFile, Path rulesFile, String httpHost,
    int httpPort, String bearerToken, String applicationId, Path stateDir, Duration tick, DeliveryPolicy delivery,
    String externalUrl, Map<String, Object> kafkaOverrides) {

  public static final int DEFAULT_PORT = 9401;

  public static AlertRouterConfig of(String bootstrapServers, Path alertmanagerFile, Path rulesFile) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, "127.0.0.1", DEFAULT_PORT, null,
        "alert-router", null, Duration.ofSeconds(1), DeliveryPolicy.defaults(), null, Map.of());
  }

  public AlertRouterConfig withHttpPort(int port) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, port, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withBearerToken(String token) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, token,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withApplicationId(String id) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken, id,
        stateDir, tick, delivery, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withStateDir(Path dir) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, dir, tick, delivery, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withDelivery(DeliveryPolicy policy) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, policy, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withExternalUrl(String url) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, url, kafkaOverrides);
  }

  public AlertRouterConfig withTick(Duration every) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, every, delivery, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withHttpHost(String host) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, host, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, kafkaOverrides);
  }

  public AlertRouterConfig withKafkaOverrides(Map<String, Object> overrides) {
    return new AlertRouterConfig(bootstrapServers, alertmanagerFile, rulesFile, httpHost, httpPort, bearerToken,
        applicationId, stateDir, tick, delivery, externalUrl, Map.copyOf(overrides));
  }
}

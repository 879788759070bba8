package io.eventpipe.launcher;

import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import picocli.CommandLine.Option;

/**
 * The Kafka client settings flag every Kafka-facing subcommand takes ({@code --kafka-config FILE}, overlaid with
 * {@code EVENTPIPE_KAFKA_*}), loaded one way, and the connection check each command runs with them before it
 * starts anything: a refused login or TLS handshake becomes one line naming the cause.
 */
final class KafkaFlags {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties for every producer, consumer, admin and Streams client of this command "
          + "(security.protocol, sasl.*, ssl.*, client.dns.lookup, ...; KEY.file=PATH reads a secret from a file). "
          + "EVENTPIPE_KAFKA_* environment variables override it (EVENTPIPE_KAFKA_SASL_JAAS_CONFIG_FILE=PATH).")
  Path file;

  /** The settings from the file and the environment. */
  KafkaClientSettings settings() {
    try {
      return KafkaClientSettings.load(file, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliErrors.UserError(e.getMessage());
    }
  }

  /** The settings, after checking that Kafka at {@code bootstrap} accepts a client carrying them. */
  KafkaClientSettings connect(String bootstrap) {
    KafkaClientSettings settings = settings();
    int timeoutMs = (int) CONNECT_TIMEOUT.toMillis();
    // This check reports its own failure in one line; Kafka's log lines about the same failure would repeat it.
    try (QuietLogger quiet = QuietLogger.silence("org.apache.kafka");
        QuietLogger network = QuietLogger.silence("org.apache.kafka.clients.NetworkClient");
        Admin admin = Admin.create(settings.applyTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.CLIENT_ID_CONFIG, "eventpipe-connect-check")))) {
      admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
      return settings;
    } catch (ExecutionException e) {
      throw new CliErrors.UserError(describe(bootstrap, e.getCause()));
    } catch (TimeoutException e) {
      throw new CliErrors.UserError("cannot reach Kafka at " + bootstrap + " within " + CONNECT_TIMEOUT.toSeconds()
          + " s: is the broker running, the address right" + (settings.isEmpty() ? "" : " and --kafka-config right") + "?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliErrors.UserError("interrupted while connecting to Kafka at " + bootstrap);
    }
  }

  static String describe(String bootstrap, Throwable cause) {
    if (cause instanceof SslAuthenticationException) {
      return "TLS handshake with Kafka at " + bootstrap + " failed: " + oneLine(rootMessage(cause))
          + " (check ssl.* in --kafka-config / EVENTPIPE_KAFKA_*)";
    }
    if (cause instanceof AuthenticationException) {
      return "Kafka at " + bootstrap + " refused the login: " + oneLine(cause.getMessage())
          + " (check sasl.* in --kafka-config / EVENTPIPE_KAFKA_*)";
    }
    return "Kafka at " + bootstrap + " answered with an error: " + oneLine(String.valueOf(cause));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private static String oneLine(String text) {
    return LINE_BREAKS.matcher(text).replaceAll(" ").strip();
  }
}

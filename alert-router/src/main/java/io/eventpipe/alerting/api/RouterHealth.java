package io.eventpipe.alerting.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance can do its job, for {@code /-/ready} and for refusing writes at once: the Streams client
 * is running (or rebalancing) and Kafka answered a cluster probe within the last few seconds (probed every
 * second). {@link #notReadyReason()} names what is wrong.
 */
public final class RouterHealth implements AutoCloseable {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final Supplier<KafkaStreams.State> streamsState;
  private final Admin admin;
  private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "alert-router-health");
    t.setDaemon(true);
    return t;
  });
  private volatile String kafkaProblem;

  public RouterHealth(String bootstrapServers, Map<String, Object> overrides,
      Supplier<KafkaStreams.State> streamsState) {
    this.streamsState = streamsState;
    Map<String, Object> props = new java.util.HashMap<>();
    overrides.forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        props.put(k, v);
      }
    });
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
    this.admin = Admin.create(props);
    probe.scheduleWithFixedDelay(this::probeKafka, 0, 1, TimeUnit.SECONDS);
  }

  private void probeKafka() {
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis())).nodes()
          .get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      kafkaProblem = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      kafkaProblem = "Kafka unreachable (no cluster metadata within " + PROBE_TIMEOUT.toSeconds() + " s)";
    }
  }

  /** Whether Kafka answered the last probe; writes are refused with 503 while it did not. */
  public boolean kafkaReachable() {
    return kafkaProblem == null;
  }

  /** Null when ready; otherwise what is not running. */
  public String notReadyReason() {
    KafkaStreams.State state = streamsState.get();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      return "stream processing is " + state;
    }
    return kafkaProblem;
  }

  @Override
  public void close() {
    probe.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}

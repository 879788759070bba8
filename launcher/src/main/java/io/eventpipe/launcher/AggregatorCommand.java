package io.eventpipe.launcher;

import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.aggregator.definitions.MetricsConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./pipeline aggregator}: events to /metrics and the 1-minute aggregate topic, until Ctrl-C. */
@Command(name = "aggregator", description = "Aggregate the event topics into Prometheus metrics (/metrics) and 1-minute aggregate records.")
final class AggregatorCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Mixin
  KafkaFlags kafka;

  @Mixin
  StandbyReplicasFlag standby;

  @Option(names = "--metrics-port", defaultValue = "9400", description = "Port of /metrics and /health (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--metrics-host", defaultValue = "${env:EVENTPIPE_BIND_HOST:-127.0.0.1}",
      description = "Address /metrics binds to (default $EVENTPIPE_BIND_HOST, else 127.0.0.1; the image sets 0.0.0.0).")
  String metricsHost;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory "
      + "(default: $EVENTPIPE_STATE_DIR/aggregator when set, as in the image; else <tmp>/eventpipe-aggregator).")
  Path stateDir;

  @Option(names = "--application-id", defaultValue = "eventpipe-aggregator",
      description = "Kafka Streams application id; instances with the same id share the input (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--window", defaultValue = "1m", converter = DurationConverter.class,
      description = "Tumbling window of the aggregate topic (default ${DEFAULT-VALUE}).")
  Duration window;

  @Option(names = "--grace", defaultValue = "30s", converter = DurationConverter.class,
      description = "How late an event may be and still join its window (default ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(names = "--cardinality-cap", defaultValue = "10000",
      description = "Most series per metric per stream task; more fold into label value \"other\" (default ${DEFAULT-VALUE}).")
  int cardinalityCap;

  @Option(names = "--idle-timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "An input partition silent this long (wall clock) stops holding windows open (default ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--max-future-skew", defaultValue = "5m", converter = DurationConverter.class,
      description = "Events further ahead of the wall clock are dead-lettered (default ${DEFAULT-VALUE}).")
  Duration maxFutureSkew;

  @Option(names = "--metrics-config", paramLabel = "FILE",
      description = "metrics.yml: the families to derive (default: the built-in deploy/metrics/metrics.yml).")
  Path metricsConfig;

  @Spec
  CommandSpec spec;

  @Option(names = "--check", description = "Validate --metrics-config and exit (0 when valid) without starting.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    MetricDefinitions definitions = definitions(metricsConfig);
    if (check) {
      spec.commandLine().getOut().println(definitions.source() + ": " + definitions.families().size() + " families, valid");
      return 0;
    }
    BootstrapFlag.require(bootstrap);
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new CliErrors.UserError("--metrics-port must be 1..65535, got " + metricsPort);
    }
    if (cardinalityCap < 1) {
      throw new CliErrors.UserError("--cardinality-cap must be at least 1, got " + cardinalityCap);
    }
    if (window.isZero() || window.isNegative() || grace.isNegative()) {
      throw new CliErrors.UserError("--window must be positive and --grace not negative, got " + window + " and " + grace);
    }
    if (idleTimeout.isZero() || idleTimeout.isNegative() || maxFutureSkew.isNegative()) {
      throw new CliErrors.UserError("--idle-timeout must be positive and --max-future-skew not negative, got "
          + idleTimeout + " and " + maxFutureSkew);
    }
    int standbyReplicas = standby.require();
    AggregatorConfig defaults = AggregatorConfig.defaults(bootstrap);
    AggregatorConfig config = defaults.withApplicationId(applicationId).withMetricsHost(metricsHost)
        .withMetricsPort(metricsPort)
        .withStateDir(stateDir != null ? stateDir : StateDirs.orDefault("aggregator", defaults.stateDir()))
        .withWindow(window, grace).withCardinalityCap(cardinalityCap).withIdleTimeout(idleTimeout)
        .withMaxFutureSkew(maxFutureSkew).withStandbyReplicas(standbyReplicas)
        .withKafka(kafka.connect(bootstrap)).withDefinitions(definitions);
    try (ShutdownSignal signal = new ShutdownSignal(); AggregatorApp app = AggregatorApp.start(config)) {
      System.out.println("aggregator reading " + bootstrap + "; metrics at " + app.metricsUrl() + "; Ctrl-C to stop");
      signal.await();
      System.out.println("stopping the aggregator...");
    }
    return 0;
  }

  /** The definitions of a metrics.yml (the built-in file when null); a bad file is a user error naming line and field. */
  static MetricDefinitions definitions(Path file) {
    try {
      return file == null ? MetricDefinitions.builtIn() : MetricDefinitions.load(file);
    } catch (MetricsConfigException e) {
      throw new CliErrors.UserError(e.getMessage());
    }
  }
}

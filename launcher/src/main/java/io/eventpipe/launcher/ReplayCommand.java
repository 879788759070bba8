package io.eventpipe.launcher;

import io.eventpipe.aggregator.Recomputation;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.aggregator.replay.Replay;
import io.eventpipe.aggregator.replay.ReplayConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./pipeline replay}: recompute an event-time range from the retained topics and write it out; ends by itself. */
@Command(name = "replay", description = "Recompute the metrics of an event-time range from the retained event topics, "
    + "with the aggregator's own code, into an OpenMetrics file, Prometheus blocks, remote write or a topic.")
final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Mixin
  KafkaFlags kafka;

  @Option(names = "--from", required = true, paramLabel = "TIME",
      description = "First event time counted: RFC 3339 (2026-11-30T00:00:00Z) or epoch ms, on a --step boundary.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "TIME",
      description = "First event time not counted: RFC 3339 or epoch ms, on a --step boundary.")
  String to;

  @Option(names = "--step", defaultValue = "1m", converter = DurationConverter.class,
      description = "One sample per series per step, at the step's end (whole minutes; default ${DEFAULT-VALUE}).")
  Duration step;

  @Option(names = "--families", paramLabel = "NAME[,NAME...]",
      description = "Only these families (http_requests_total,http_request_duration_seconds,daily_active_users...); default: all.")
  String families;

  @Option(names = "--grace", defaultValue = "30s", converter = DurationConverter.class,
      description = "Read each partition from this long before --from by record time, for late records (default ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(names = "--max-future-skew", defaultValue = "5m", converter = DurationConverter.class,
      description = "The aggregator's clock rule: events this far ahead of their record time are skipped (default ${DEFAULT-VALUE}).")
  Duration maxFutureSkew;

  @Option(names = "--openmetrics-out", paramLabel = "FILE",
      description = "Write OpenMetrics text with timestamps and # EOF (input of promtool tsdb create-blocks-from openmetrics).")
  Path openMetricsOut;

  @Option(names = "--prometheus-blocks", paramLabel = "DIR",
      description = "Build Prometheus TSDB blocks in DIR with promtool (must be on the PATH).")
  Path prometheusBlocks;

  @Option(names = "--remote-write", paramLabel = "URL",
      description = "Prometheus remote-write 1.0 receiver, e.g. http://127.0.0.1:9090/api/v1/write "
          + "(Prometheus needs --web.enable-remote-write-receiver, and out_of_order_time_window for history older than its head).")
  String remoteWrite;

  @Option(names = "--to-topic", paramLabel = "TOPIC",
      description = "Write the recomputed windows as MetricAggregate records to TOPIC (one transaction).")
  String toTopic;

  @Option(names = "--metrics-config", paramLabel = "FILE",
      description = "metrics.yml the live aggregator runs with (default: the built-in deploy/metrics/metrics.yml).")
  Path metricsConfig;

  @Override
  public Integer call() throws Exception {
    BootstrapFlag.require(bootstrap);
    MetricDefinitions definitions = AggregatorCommand.definitions(metricsConfig);
    ReplayConfig config;
    try {
      config = new ReplayConfig(bootstrap, kafka.settings(), ReplayConfig.parseTime("--from", from),
          ReplayConfig.parseTime("--to", to), step, families == null ? List.of()
          : Arrays.stream(families.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
          grace, maxFutureSkew, Duration.ofSeconds(60), openMetricsOut, prometheusBlocks, url(), toTopic);
      config.requireOutput();
      Recomputation.families(config.families(), definitions); // an unknown family, named before any IO
    } catch (IllegalArgumentException e) {
      throw new CliErrors.UserError(e.getMessage());
    }
    if (grace.isNegative() || maxFutureSkew.isNegative()) {
      throw new CliErrors.UserError("--grace and --max-future-skew must not be negative");
    }
    config = config.withKafka(kafka.connect(bootstrap));
    Replay.run(config, definitions, spec.commandLine().getOut());
    return 0;
  }

  private URI url() {
    if (remoteWrite == null) {
      return null;
    }
    try {
      return new URI(remoteWrite);
    } catch (URISyntaxException e) {
      throw new CliErrors.UserError("--remote-write must be a URL, got '" + remoteWrite + "'");
    }
  }
}

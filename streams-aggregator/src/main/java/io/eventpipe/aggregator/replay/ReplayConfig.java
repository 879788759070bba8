package io.eventpipe.aggregator.replay;

import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything one replay needs: where to read, which event-time range and step, which families, and where to write.
 * Checked on construction (a replay also needs at least one output), errors name the flag.
 *
 * @param from first event time counted; {@code to} is the first one not counted
 * @param families family names as users query them; empty for every family a replay can recompute
 * @param grace how far before {@code from} (by record timestamp) each partition is read, for late records
 * @param maxFutureSkew the live aggregator's clock rule, judged at each record's timestamp
 * @param openMetricsOut OpenMetrics file to (re)write, or null
 * @param prometheusBlocks TSDB directory to build with promtool from the OpenMetrics file, or null
 * @param remoteWrite Prometheus remote-write 1.0 receiver, or null
 * @param toTopic topic for the recomputed windows as MetricAggregate records, or null
 */
public record ReplayConfig(String bootstrap, KafkaClientSettings kafka, Instant from, Instant to, Duration step,
    List<String> families, Duration grace, Duration maxFutureSkew, Duration gpuStaleness, Path openMetricsOut,
    Path prometheusBlocks, URI remoteWrite, String toTopic) {
  private static final Pattern EPOCH_MS = Pattern.compile("\\d{1,16}");

  public ReplayConfig {
    families = List.copyOf(families);

    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from must be before --to, got " + from + " and " + to);
    }
    if (step.toMillis() < 60_000 || step.toMillis() % 60_000 != 0) {
      throw new IllegalArgumentException("--step must be a whole number of minutes, got " + step);
    }
    if (from.toEpochMilli() % step.toMillis() != 0 || to.toEpochMilli() % step.toMillis() != 0) {
      throw new IllegalArgumentException("--from and --to must fall on --step boundaries (" + step.toMinutes()
          + " min), got " + from + " and " + to);
    }
    if (remoteWrite != null && !("http".equals(remoteWrite.getScheme()) || "https".equals(remoteWrite.getScheme()))) {
      throw new IllegalArgumentException("--remote-write must be an http(s) URL, got " + remoteWrite);
    }
  }

  /** Throws naming the flags when no output is set. */
  public void requireOutput() {
    if (openMetricsOut == null && prometheusBlocks == null && remoteWrite == null && toTopic == null) {
      throw new IllegalArgumentException(
          "no output: give --openmetrics-out FILE, --prometheus-blocks DIR, --remote-write URL or --to-topic TOPIC");
    }
  }

  /** The documented defaults for a range, without outputs: 1-minute step, 30 s grace, 5 min future skew, 60 s GPU staleness. */
  public static ReplayConfig of(String bootstrap, Instant from, Instant to) {
    return new ReplayConfig(bootstrap, KafkaClientSettings.none(), from, to, Duration.ofMinutes(1), List.of(),
        Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(60), null, null, null, null);
  }

  public ReplayConfig withOutputs(Path openMetrics, Path blocks, URI remote, String topic) {
    return new ReplayConfig(bootstrap, kafka, from, to, step, families, grace, maxFutureSkew, gpuStaleness, openMetrics,
        blocks, remote, topic);
  }

  public ReplayConfig withFamilies(List<String> names) {
    return new ReplayConfig(bootstrap, kafka, from, to, step, names, grace, maxFutureSkew, gpuStaleness,
        openMetricsOut, prometheusBlocks, remoteWrite, toTopic);
  }

  public ReplayConfig withStep(Duration value) {
    return new ReplayConfig(bootstrap, kafka, from, to, value, families, grace, maxFutureSkew, gpuStaleness,
        openMetricsOut, prometheusBlocks, remoteWrite, toTopic);
  }

  public ReplayConfig withKafka(KafkaClientSettings settings) {
    return new ReplayConfig(bootstrap, settings, from, to, step, families, grace, maxFutureSkew, gpuStaleness,
        openMetricsOut, prometheusBlocks, remoteWrite, toTopic);
  }

  /** An instant as RFC 3339 ({@code 2026-11-30T00:00:00Z}, offsets allowed) or epoch milliseconds. */
  public static Instant parseTime(String flag, String text) {
    String value = text.trim();
    if (EPOCH_MS.matcher(value).matches()) {
      return Instant.ofEpochMilli(Long.parseLong(value));
    }
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(flag + " must be RFC 3339 (2026-11-30T00:00:00Z) or epoch milliseconds, got '"
          + text + "'");
    }
  }
}

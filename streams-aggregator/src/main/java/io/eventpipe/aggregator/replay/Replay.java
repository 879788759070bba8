package io.eventpipe.aggregator.replay;

import io.eventpipe.aggregator.Recomputation;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code ./pipeline replay}: reads the retained input topics for an event-time range ({@link EventReader}),
 * recomputes it with the live aggregator's code ({@link Recomputation}) and writes one sample per series per step
 * to the configured outputs: an OpenMetrics file, Prometheus blocks built from it by promtool, a remote-write
 * receiver, and/or the windows to a topic. Bounded: returns when done; the same arguments give the same output.
 */
public final class Replay {
  private static final int REMOTE_WRITE_BATCH = 5_000;

  private Replay() {}

  /** What makes two runs the same replay (and so share the topic output's transactional id). */
  static String identity(ReplayConfig config) {
    return config.from() + "|" + config.to() + "|" + config.step() + "|" + Recomputation.families(config.families());
  }

  /** Runs one replay, printing progress and the summary to {@code out}. */
  public static ReplaySummary run(ReplayConfig config, PrintWriter out) throws IOException, InterruptedException {
    return run(config, MetricDefinitions.builtIn(), out);
  }

  /** As {@link #run(ReplayConfig, PrintWriter)} with the families of {@code definitions} (the live --metrics-config). */
  public static ReplaySummary run(ReplayConfig config, MetricDefinitions definitions, PrintWriter out)
      throws IOException, InterruptedException {
    config.requireOutput();
    Set<String> families = Recomputation.families(config.families(), definitions);
    if (config.prometheusBlocks() != null && !PromtoolBlocks.onPath()) {
      throw new IllegalStateException("--prometheus-blocks needs promtool on the PATH (Debian package prometheus)");
    }
    RemoteWrite remote = config.remoteWrite() == null ? null : new RemoteWrite(config.remoteWrite(), REMOTE_WRITE_BATCH);
    if (remote != null) {
      remote.check();
    }
    Recomputation recomputation = new Recomputation(config.from().toEpochMilli(), config.to().toEpochMilli(),
        config.step(), families, config.maxFutureSkew(), config.gpuStaleness(), definitions);
    long records = new EventReader(config).read(recomputation, Progress.console(out));

    boolean toFile = config.openMetricsOut() != null || config.prometheusBlocks() != null;
    OpenMetricsFile file = toFile ? new OpenMetricsFile() : null;
    Set<String> series = new HashSet<>();
    long[] samples = {0};
    TopicWriter topic = config.toTopic() == null ? null : new TopicWriter(config.bootstrap(), config.kafka(),
        config.toTopic(), identity(config));
    try {
      recomputation.emit((time, snapshots, windows) -> {
        Exposed.forEach(snapshots, metric -> {
          if (file != null) {
            file.add(time, metric);
          }
          if (remote != null) {
            remote.add(time, metric);
          }
          metric.samples().forEach(s -> series.add(s.seriesId()));
          samples[0] += metric.samples().size();
        });
        if (remote != null) {
          try {
            remote.endOfInstant();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
        if (topic != null) {
          topic.write(windows);
        }
      });
      if (file != null) {
        Path target = config.openMetricsOut() != null ? config.openMetricsOut()
            : Files.createTempFile("eventpipe-replay", ".om");
        file.write(target);
        out.println("replay: wrote " + file.samples() + " samples to " + target);
        if (config.prometheusBlocks() != null) {
          PromtoolBlocks.create(target, config.prometheusBlocks());
          out.println("replay: built Prometheus blocks in " + config.prometheusBlocks());
          if (config.openMetricsOut() == null) {
            Files.deleteIfExists(target);
          }
        }
      }
      if (remote != null) {
        remote.flush();
        out.println("replay: remote-wrote " + remote.samplesSent() + " samples in " + remote.requests() + " requests to "
            + config.remoteWrite());
      }
      if (topic != null) {
        topic.commit();
        out.println("replay: wrote " + topic.records() + " windows to " + config.toTopic());
      }
    } finally {
      if (topic != null) {
        topic.close();
      }
    }
    ReplaySummary summary = new ReplaySummary(records, recomputation.events(), series.size(), samples[0],
        recomputation.refused());
    out.println(summary.line());
    out.flush();
    return summary;
  }
}

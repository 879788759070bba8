package io.eventpipe.aggregator.replay;

import io.eventpipe.schemas.SeriesId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects replayed instants and writes them as one OpenMetrics 1.0 text file with timestamps and {@code # EOF}, the
 * input of {@code promtool tsdb create-blocks-from openmetrics}: each family once, each of its metrics once, its
 * points in time order. Written to a temporary file then moved into place, so a rerun rewrites it whole.
 */
final class OpenMetricsFile {
  private final Map<String, FamilyData> families = new LinkedHashMap<>();
  private long samples;

  private static final class FamilyData {
    final Exposed.Family family;
    final Map<String, MetricData> metrics = new LinkedHashMap<>();

    FamilyData(Exposed.Family family) {
      this.family = family;
    }
  }

  /** One metric's sample lines (name and labels, fixed at its first point) and its points. */
  private static final class MetricData {
    final List<String> lines = new ArrayList<>();
    final List<double[]> values = new ArrayList<>();
    int points;
    long[] timestamps = new long[16];
  }

  void add(long time, Exposed.Metric metric) {
    FamilyData family = families.computeIfAbsent(metric.family().name(), n -> new FamilyData(metric.family()));
    MetricData data = family.metrics.computeIfAbsent(metric.key(), k -> {
      MetricData d = new MetricData();
      metric.samples().forEach(s -> d.lines.add(SeriesId.of(s.name(), s.labels())));
      return d;
    });
    double[] values = new double[data.lines.size()];
    for (int i = 0; i < values.length && i < metric.samples().size(); i++) {
      values[i] = metric.samples().get(i).value();
    }
    if (data.points == data.timestamps.length) {
      data.timestamps = java.util.Arrays.copyOf(data.timestamps, data.points * 2);
    }
    data.timestamps[data.points++] = time;
    data.values.add(values);
    samples += values.length;
  }

  long samples() {
    return samples;
  }

  void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (FamilyData family : families.values()) {
        String name = family.family.name();
        out.write("# TYPE " + name + " " + family.family.type() + "\n");
        out.write("# HELP " + name + " " + escapeHelp(family.family.help()) + "\n");
        for (MetricData metric : family.metrics.values()) {
          for (int p = 0; p < metric.points; p++) {
            String ts = " " + seconds(metric.timestamps[p]) + "\n";
            double[] values = metric.values.get(p);
            for (int i = 0; i < values.length; i++) {
              out.write(metric.lines.get(i));
              out.write(' ');
              out.write(number(values[i]));
              out.write(ts);
            }
          }
        }
      }
      out.write("# EOF\n");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A sample value: integers without a fraction (as Go prints them), others round-tripping. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Epoch seconds with millisecond precision, as OpenMetrics timestamps are written. */
  static String seconds(long millis) {
    return Math.floorDiv(millis, 1000) + "." + String.format("%03d", Math.floorMod(millis, 1000));
  }

  private static String escapeHelp(String help) {
    return help == null ? "" : help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}

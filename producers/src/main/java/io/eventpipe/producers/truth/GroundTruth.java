package io.eventpipe.producers.truth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exactly what a simulation run sent, expressed as the Prometheus series the aggregator must export
 * (docs/metrics.md, section "Ground truth"): records per topic, rejected records by the failure reason the
 * codec reports, every counter series (histograms as cumulative {@code _bucket}, {@code _count}, {@code _sum}),
 * gauges at the end of the run, and distinct active users per UTC day and month by plan.
 * Series ids are {@link io.eventpipe.schemas.SeriesId} strings. Maps are sorted and unmodifiable, so equal truths print equally.
 */
@JsonPropertyOrder({"seed", "start_ms", "end_ms", "records_sent", "rejected", "counters", "gauges",
    "daily_active_users", "monthly_active_users"})
public record GroundTruth(
    @JsonProperty("seed") long seed,
    @JsonProperty("start_ms") long startMs,
    @JsonProperty("end_ms") long endMs,
    @JsonProperty("records_sent") Map<String, Long> recordsSent,
    @JsonProperty("rejected") Map<String, Long> rejected,
    @JsonProperty("counters") Map<String, Double> counters,
    @JsonProperty("gauges") Map<String, Double> gauges,
    @JsonProperty("daily_active_users") Map<String, Map<String, Long>> dailyActiveUsers,
    @JsonProperty("monthly_active_users") Map<String, Map<String, Long>> monthlyActiveUsers) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public GroundTruth {
    recordsSent = sorted(recordsSent);
    rejected = sorted(rejected);
    counters = sorted(counters);
    gauges = sorted(gauges);
    dailyActiveUsers = nested(dailyActiveUsers);
    monthlyActiveUsers = nested(monthlyActiveUsers);
  }

  /** Records sent over all topics, valid and rejected. */
  public long totalRecords() {
    return recordsSent.values().stream().mapToLong(Long::longValue).sum();
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ground truth to " + file, e);
    }
  }

  public static GroundTruth read(Path file) {
    try {
      return JSON.readValue(file.toFile(), GroundTruth.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground truth from " + file, e);
    }
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
  }

  private static Map<String, Map<String, Long>> nested(Map<String, Map<String, Long>> map) {
    SortedMap<String, Map<String, Long>> out = new TreeMap<>();
    if (map != null) {
      map.forEach((k, v) -> out.put(k, sorted(v)));
    }
    return Collections.unmodifiableSortedMap(out);
  }
}

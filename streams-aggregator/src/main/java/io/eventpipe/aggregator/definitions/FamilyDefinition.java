package io.eventpipe.aggregator.definitions;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One family of metrics.yml as written: what it is exported as, which events feed it and how their fields become
 * labels and values. Every field is documented in docs/metrics.md; validation is in {@link FamilyValidator}.
 *
 * @param from the event types feeding the family (one name, or a list)
 * @param where conditions on event fields, all of which must hold (field path to condition)
 * @param labels exported label name to its source (a field path, or a mapping with transform/template/default)
 * @param value the numeric field summed (counter), observed (histogram) or kept (gauge)
 * @param of the field whose distinct values a distinct family counts
 * @param exportAs the Prometheus type to export as, when it differs from the type's own
 * @param sumOver a label the exported gauge is summed over (and which is then dropped)
 * @param stale series hidden once their host's newest sample is older than the staleness timeout
 */
public record FamilyDefinition(
    String name,
    FamilyType type,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> from,
    String help,
    LinkedHashMap<String, WhereDefinition> where,
    LinkedHashMap<String, LabelDefinition> labels,
    String value,
    String of,
    List<Double> buckets,
    List<WindowDefinition> windows,
    @JsonProperty("cardinality_cap") Integer cardinalityCap,
    Boolean windowed,
    Double divisor,
    @JsonProperty("export_as") ExportType exportAs,
    @JsonProperty("sum_over") String sumOver,
    Boolean stale) {

  /** How a family is updated by its events. */
  public enum FamilyType {
    @JsonProperty("counter") COUNTER,
    @JsonProperty("histogram") HISTOGRAM,
    @JsonProperty("gauge") GAUGE,
    @JsonProperty("distinct") DISTINCT,
    /**
     * Monthly recurring revenue: the sum over users of their current subscription's monthly price in USD, from the
     * billing subscription events (a per-user table, so not expressible as a counter or gauge over fields).
     */
    @JsonProperty("subscription_mrr") SUBSCRIPTION_MRR
  }

  /** A Prometheus type a counter or gauge can be exported as. */
  public enum ExportType {
    @JsonProperty("counter") COUNTER,
    @JsonProperty("gauge") GAUGE
  }

  /** The buckets used when a histogram names none: the Prometheus client libraries' defaults. */
  public static final List<Double> DEFAULT_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  public List<String> from() {
    return from == null ? List.of() : from;
  }

  public LinkedHashMap<String, WhereDefinition> where() {
    return where == null ? new LinkedHashMap<>() : where;
  }

  public LinkedHashMap<String, LabelDefinition> labels() {
    return labels == null ? new LinkedHashMap<>() : labels;
  }

  /** The histogram's bucket bounds: the given ones or {@link #DEFAULT_BUCKETS}. */
  public List<Double> bounds() {
    return buckets == null ? DEFAULT_BUCKETS : buckets;
  }

  /** The distinct family's windows (empty when none are given). */
  public List<WindowDefinition> windowList() {
    return windows == null ? List.of() : windows;
  }

  /** The help text exported: the given one, or the name with spaces. */
  public String help() {
    return help != null ? help : name.replace('_', ' ') + ".";
  }

  /** Published on the 1-minute aggregate topic (never for distinct families, whose windows are their own). */
  public boolean published() {
    return type != FamilyType.DISTINCT && type != FamilyType.SUBSCRIPTION_MRR && (windowed == null || windowed);
  }

  /** Exported value = stored total / this (1 unless given). */
  public double divisorOrOne() {
    return divisor == null ? 1 : divisor;
  }

  /** The per-family cap on series, or 0 for the aggregator's global cap. */
  public int capOrGlobal() {
    return cardinalityCap == null ? 0 : cardinalityCap;
  }

  /** Whether series are hidden once stale (false unless given). */
  public boolean isStale() {
    return stale != null && stale;
  }
}

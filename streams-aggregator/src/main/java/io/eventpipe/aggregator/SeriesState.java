package io.eventpipe.aggregator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The cumulative state of one series since the beginning of its input topics: what /metrics exports.
 * Mutable because the aggregator updates it in place between a store read and write.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
final class SeriesState {
  public String metric;
  public Map<String, String> labels;
  /** SUM: the integer total. */
  public long total;
  /** OBSERVE: number of observations. */
  public long count;
  /** OBSERVE: sum of observations. */
  public double sum;
  /** OBSERVE: non-cumulative counts, one per bound plus +Inf. */
  public long[] buckets;
  /** OBSERVE: per bucket, the newest observation that carried a trace id (or null). */
  public Exemplar[] exemplars;
  /** LATEST: the value of the newest sample by event time. */
  public double value;
  /** The newest event time applied. */
  public long eventTime;

  static SeriesState empty(Family family, String metric, Map<String, String> labels) {
    SeriesState state = new SeriesState();
    state.metric = metric;
    state.labels = labels;
    if (family.update() == Family.Update.OBSERVE) {
      state.buckets = new long[family.buckets().size() + 1];
      state.exemplars = new Exemplar[family.buckets().size() + 1];
    }
    return state;
  }

  /** Applies one delta of this series' family. */
  void apply(Family family, Delta delta) {
    long t = delta.eventTime();
    switch (family.update()) {
      case SUM -> total += delta.amount();
      case OBSERVE -> {
        int bucket = family.bucketOf(delta.value());
        count++;
        sum += delta.value();
        buckets[bucket]++;
        Exemplar current = exemplars[bucket];
        if (delta.traceId() != null && (current == null || t >= current.eventTime())) {
          exemplars[bucket] = new Exemplar(delta.traceId(), delta.value(), t);
        }
      }
      case LATEST -> {
        if (t >= eventTime) {
          value = delta.value();
        }
      }
      case DISTINCT -> { } // the distinct members live in sketches; this state only tracks the newest time
    }
    eventTime = Math.max(eventTime, t);
  }

  /** Adds another state of the same series (a folded series present in several tasks). */
  void merge(SeriesState other) {
    total += other.total;
    count += other.count;
    sum += other.sum;
    if (buckets != null && other.buckets != null) {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] += other.buckets[i];
        if (exemplars[i] == null || (other.exemplars[i] != null && other.exemplars[i].eventTime() > exemplars[i].eventTime())) {
          exemplars[i] = other.exemplars[i];
        }
      }
    }
    if (other.eventTime > eventTime) {
      value = other.value;
      eventTime = other.eventTime;
    }
  }

  /** One observation exported as a histogram exemplar. */
  record Exemplar(String traceId, double value, long eventTime) {}
}

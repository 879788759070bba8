package io.eventpipe.aggregator;

import io.eventpipe.aggregator.definitions.WindowDefinition;
import java.util.List;

/**
 * How one metric family is updated from deltas and how it is exported.
 *
 * @param name the name users query (for histograms the family name without _bucket/_sum/_count)
 * @param update how a delta changes a series' cumulative state
 * @param exposed the Prometheus type the family is exported as
 * @param buckets histogram upper bounds (+Inf implied); empty otherwise
 * @param divisor exported value = stored integer total / divisor (cents to dollars, ...)
 * @param sumOverLabel when set, series are exported summed over this label (which is then dropped)
 * @param internal pipeline self-metrics: never folded by the cardinality cap, not published per window
 * @param windowed published on the 1-minute aggregate topic
 * @param staleAfterNewest series hidden once their newest sample is older than the staleness timeout
 * @param help the exported help text
 * @param cardinalityCap series per task before folding into "other"; 0 for the aggregator's global cap
 * @param windows DISTINCT: the exported windows and their names; empty otherwise
 */
record Family(String name, Update update, Exposed exposed, List<Double> buckets, double divisor, String sumOverLabel,
    boolean internal, boolean windowed, boolean staleAfterNewest, String help, int cardinalityCap,
    List<WindowDefinition> windows) {

  /** How a delta changes the cumulative state of its series. */
  enum Update {
    /** Adds the delta's integer amount. */
    SUM,
    /** Observes the delta's value into buckets, sum and count. */
    OBSERVE,
    /** Keeps the value of the newest delta by event time. */
    LATEST,
    /** Adds the delta's member to distinct-count sketches (daily, monthly, trailing 5 minutes). */
    DISTINCT
  }

  /** The exported Prometheus type. */
  enum Exposed { COUNTER, GAUGE, HISTOGRAM }

  static Family counter(String name) {
    return new Family(name, Update.SUM, Exposed.COUNTER, List.of(), 1, null, false, true, false, defaultHelp(name), 0,
        List.of());
  }

  static Family internalCounter(String name, String help) {
    return new Family(name, Update.SUM, Exposed.COUNTER, List.of(), 1, null, true, false, false, help, 0, List.of());
  }

  static String defaultHelp(String name) {
    return name.replace('_', ' ') + ".";
  }

  Family withDivisor(double newDivisor) {
    return new Family(name, update, exposed, buckets, newDivisor, sumOverLabel, internal, windowed, staleAfterNewest,
        help, cardinalityCap, windows);
  }

  Family exposedAs(Exposed type) {
    return new Family(name, update, type, buckets, divisor, sumOverLabel, internal, windowed, staleAfterNewest, help,
        cardinalityCap, windows);
  }

  Family notWindowed() {
    return new Family(name, update, exposed, buckets, divisor, sumOverLabel, internal, false, staleAfterNewest, help,
        cardinalityCap, windows);
  }

  Family withHelp(String text) {
    return new Family(name, update, exposed, buckets, divisor, sumOverLabel, internal, windowed, staleAfterNewest, text,
        cardinalityCap, windows);
  }

  /** Index of the bucket an observation falls in: the first bound {@code >= v}, or the +Inf bucket. */
  int bucketOf(double v) {
    for (int i = 0; i < buckets.size(); i++) {
      if (v <= buckets.get(i)) {
        return i;
      }
    }
    return buckets.size();
  }
}

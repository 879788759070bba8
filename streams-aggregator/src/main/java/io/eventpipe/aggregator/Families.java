package io.eventpipe.aggregator;

import io.eventpipe.aggregator.definitions.FamilyDefinition;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog of families one aggregator maintains: those of its metrics.yml (docs/metrics.md) in file order,
 * then the pipeline's own counters.
 */
final class Families {
  static final String DEAD_LETTERS = "eventpipe_dead_letters_total";
  static final String LATE = "eventpipe_late_updates_total";
  static final String FOLDED = "eventpipe_series_folded_total";
  static final String SKIPPED = "eventpipe_skipped_updates_total";
  /** The label value series beyond the cardinality cap are folded into. */
  static final String OTHER = "other";

  /** Stored as the sum of annualised prices in cents (exact for yearly prices); /1200 is the monthly USD value. */
  private static final double ANNUALISED_CENTS_PER_MONTHLY_USD = 1200;
  static final Family DEAD_LETTER_FAMILY = Family.internalCounter(DEAD_LETTERS,
      "Input records refused to the dead-letter topic, by input topic and reason.");
  private static final List<Family> BUILT_IN = List.of(DEAD_LETTER_FAMILY,
      Family.internalCounter(LATE, "Events that arrived after their aggregate window was published: in the cumulative "
          + "series and in a correction record."),
      Family.internalCounter(FOLDED, "Metric updates folded into the 'other' series by the cardinality cap."),
      Family.internalCounter(SKIPPED, "Internal updates skipped: a metric family this release does not know (rolling "
          + "upgrade), an unknown source."));

  private final Map<String, Family> byName;
  private final Family mrr;

  private Families(Map<String, Family> byName, Family mrr) {
    this.byName = Collections.unmodifiableMap(byName);
    this.mrr = mrr;
  }

  /** The catalog of these definitions plus the built-in families. */
  static Families of(MetricDefinitions definitions) {
    Map<String, Family> byName = new LinkedHashMap<>();
    Family mrr = null;
    for (FamilyDefinition def : definitions.families()) {
      Family family = family(def);
      byName.put(def.name(), family);
      if (def.type() == FamilyDefinition.FamilyType.SUBSCRIPTION_MRR) {
        mrr = family;
      }
    }
    BUILT_IN.forEach(f -> byName.put(f.name(), f));
    return new Families(byName, mrr);
  }

  /** The family record of one definition. */
  static Family family(FamilyDefinition def) {
    if (def.type() == FamilyDefinition.FamilyType.SUBSCRIPTION_MRR) {
      return Family.counter(def.name()).withDivisor(ANNUALISED_CENTS_PER_MONTHLY_USD).exposedAs(Family.Exposed.GAUGE)
          .notWindowed().withHelp(def.help());
    }
    Family.Update update = switch (def.type()) {
      case COUNTER -> Family.Update.SUM;
      case HISTOGRAM -> Family.Update.OBSERVE;
      case GAUGE -> Family.Update.LATEST;
      case DISTINCT -> Family.Update.DISTINCT;
      case SUBSCRIPTION_MRR -> throw new AssertionError("handled above");
    };
    Family.Exposed exposed = switch (def.type()) {
      case COUNTER -> Family.Exposed.COUNTER;
      case HISTOGRAM -> Family.Exposed.HISTOGRAM;
      case GAUGE, DISTINCT -> Family.Exposed.GAUGE;
      case SUBSCRIPTION_MRR -> throw new AssertionError("handled above");
    };
    if (def.exportAs() != null) {
      exposed = def.exportAs() == FamilyDefinition.ExportType.COUNTER ? Family.Exposed.COUNTER : Family.Exposed.GAUGE;
    }
    List<Double> buckets = def.type() == FamilyDefinition.FamilyType.HISTOGRAM ? List.copyOf(def.bounds()) : List.of();
    return new Family(def.name(), update, exposed, buckets, def.divisorOrOne(), def.sumOver(), false,
        def.published(), def.isStale(), def.help(), def.capOrGlobal(), def.windowList());
  }

  /** The subscription_mrr family (fed by the per-user subscription table), or null when none is defined. */
  Family mrr() {
    return mrr;
  }

  /** Families in catalog order. */
  Iterable<Family> all() {
    return byName.values();
  }

  /** The family of a metric name, or null when this catalog does not define it. */
  Family find(String name) {
    return byName.get(name);
  }

  /** The family of a metric name; throws for a name this catalog does not define (a programming error). */
  Family of(String name) {
    Family family = byName.get(name);
    if (family == null) {
      throw new IllegalArgumentException("no metric family '" + name + "'");
    }
    return family;
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.schemas.metrics.MetricNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalog of families the aggregator maintains; semantics per family are in docs/metrics.md. */
final class Families {
  private Families() {}

  static final String DEAD_LETTERS = "eventpipe_dead_letters_total";
  static final String LATE = "eventpipe_late_updates_total";
  static final String FOLDED = "eventpipe_series_folded_total";
  static final String SKIPPED = "eventpipe_skipped_updates_total";
  /** The label value series beyond the cardinality cap are folded into. */
  static final String OTHER = "other";
  /** Distinct users are kept under this family; exported as daily, monthly and trailing-5-minute gauges. */
  static final String USERS = MetricNames.ACTIVE_USERS;
  static final String REVENUE_UNCONVERTED = "revenue_unconverted_total";

  private static final Map<String, Family> BY_NAME = new LinkedHashMap<>();

  static {
    add(Family.counter(MetricNames.HTTP_REQUESTS));
    add(Family.histogram(MetricNames.HTTP_REQUEST_DURATION, MetricNames.HTTP_DURATION_BUCKETS));
    add(Family.counter(MetricNames.GENERATIONS));
    add(Family.histogram(MetricNames.GENERATION_DURATION, MetricNames.GENERATION_DURATION_BUCKETS));
    add(Family.counter(MetricNames.GENERATION_CREDITS));
    // Stored in cents; exported as a gauge because a Prometheus counter's name must end in _total.
    add(Family.counter(MetricNames.REVENUE).withDivisor(100).exposedAs(Family.Exposed.GAUGE));
    add(Family.counter(REVENUE_UNCONVERTED));
    // Stored as the sum of annualised prices in cents (exact for yearly prices); /1200 is the monthly USD value.
    add(Family.counter(MetricNames.MRR).withDivisor(1200).exposedAs(Family.Exposed.GAUGE).notWindowed());
    add(Family.counter(MetricNames.SUBSCRIPTION_CHANGES));
    add(Family.counter(MetricNames.CHURN));
    add(Family.counter(MetricNames.CREDITS_PURCHASED));
    add(Family.counter(MetricNames.CREDITS_CONSUMED));
    add(Family.counter(MetricNames.REGISTRATIONS));
    add(new Family(USERS, Family.Update.DISTINCT, Family.Exposed.GAUGE, List.of(), 1, null, false, false, false));
    add(Family.gauge(MetricNames.QUEUE_LENGTH));
    add(Family.gauge(MetricNames.ACTIVE_WORKERS).summedOver("queue_name"));
    for (String gpu : List.of(MetricNames.GPU_MEMORY_TOTAL, MetricNames.GPU_MEMORY_USED, MetricNames.GPU_MEMORY_FREE,
        MetricNames.GPU_MEMORY_ALLOCATED, MetricNames.GPU_MEMORY_RESERVED, MetricNames.GPU_UTILIZATION,
        MetricNames.GPU_MEMORY_UTILIZATION, MetricNames.GPU_TEMPERATURE, MetricNames.GPU_POWER_DRAW,
        MetricNames.GPU_POWER_LIMIT, MetricNames.GPU_SM_CLOCK, MetricNames.GPU_MEMORY_CLOCK, MetricNames.GPU_FAN_SPEED,
        MetricNames.GPU_THROTTLE_REASONS)) {
      add(Family.gauge(gpu).stale());
    }
    // NVML reports ECC error counts as running totals: keep the newest sample, export it as a counter.
    add(Family.gauge(MetricNames.GPU_ECC_CORRECTED).exposedAs(Family.Exposed.COUNTER).stale());
    add(Family.gauge(MetricNames.GPU_ECC_UNCORRECTED).exposedAs(Family.Exposed.COUNTER).stale());
    add(Family.internalCounter(DEAD_LETTERS));
    add(Family.internalCounter(LATE));
    add(Family.internalCounter(FOLDED));
    add(Family.internalCounter(SKIPPED));
  }

  private static void add(Family family) {
    BY_NAME.put(family.name(), family);
  }

  private static final Map<String, String> HELP = Map.ofEntries(
      Map.entry(MetricNames.HTTP_REQUESTS, "HTTP requests served, by route template and status code."),
      Map.entry(MetricNames.HTTP_REQUEST_DURATION, "HTTP request duration in seconds."),
      Map.entry(MetricNames.GENERATIONS, "Image generation jobs that finished, by status."),
      Map.entry(MetricNames.GENERATION_DURATION, "Image generation run time in seconds."),
      Map.entry(MetricNames.GENERATION_CREDITS, "Credits used by finished image generation jobs."),
      Map.entry(MetricNames.REVENUE, "Revenue in USD from payments (monotonic; use rate/increase)."),
      Map.entry(REVENUE_UNCONVERTED, "Payments in currencies other than USD, not converted."),
      Map.entry(MetricNames.MRR, "Monthly recurring revenue in USD from every user's current subscription."),
      Map.entry(MetricNames.SUBSCRIPTION_CHANGES, "Subscription plan changes."),
      Map.entry(MetricNames.CHURN, "Cancelled subscriptions, by the plan left."),
      Map.entry(MetricNames.CREDITS_PURCHASED, "Credits purchased."),
      Map.entry(MetricNames.CREDITS_CONSUMED, "Credits consumed, by usage type."),
      Map.entry(MetricNames.REGISTRATIONS, "User registrations."),
      Map.entry(MetricNames.DAILY_ACTIVE_USERS, "Distinct active users on the UTC day of the newest event (HLL estimate)."),
      Map.entry(MetricNames.MONTHLY_ACTIVE_USERS, "Distinct active users in the UTC month of the newest event (HLL estimate)."),
      Map.entry(MetricNames.ACTIVE_USERS, "Distinct active users in the 5 minutes up to the newest event (HLL estimate)."),
      Map.entry(MetricNames.QUEUE_LENGTH, "Length of the work queue in its newest sample."),
      Map.entry(MetricNames.ACTIVE_WORKERS, "Workers consuming the queues, summed over queues' newest samples."),
      Map.entry(DEAD_LETTERS, "Input records refused to the dead-letter topic, by input topic and reason."),
      Map.entry(LATE, "Events that arrived after their aggregate window was published: in the cumulative series and in a correction record."),
      Map.entry(FOLDED, "Metric updates folded into the 'other' series by the cardinality cap."),
      Map.entry(SKIPPED, "Internal updates skipped: a metric family this release does not know (rolling upgrade), an unknown source."));

  /** Help text of an exported family. */
  static String help(String name) {
    return HELP.getOrDefault(name, name.startsWith("gpu_")
        ? "GPU reading from the newest sample of the device: " + name.replace('_', ' ') + "."
        : name.replace('_', ' ') + ".");
  }

  /** Families in catalog order. */
  static Iterable<Family> all() {
    return BY_NAME.values();
  }

  /** The family of a metric name, or null when this catalog does not define it. */
  static Family find(String name) {
    return BY_NAME.get(name);
  }

  /** The family of a metric name; throws for a name this catalog does not define (a programming error). */
  static Family of(String name) {
    Family family = BY_NAME.get(name);
    if (family == null) {
      throw new IllegalArgumentException("no metric family '" + name + "'");
    }
    return family;
  }
}

package io.eventpipe.schemas.topics;

import java.time.Duration;
import java.util.List;

/** The one catalog of topics. Nobody spells a topic name anywhere else. */
public final class Topics {
  private Topics() {}

  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(35);

  // Events services emit. Kept long enough to replay a month (MAU) of history.
  public static final Topic REQUESTS = new Topic("events.requests",
      "service/instance", "RequestEvent (Avro single-object) or JSON", 6, MONTH, false);
  public static final Topic GENERATIONS = new Topic("events.generations",
      "job id", "GenerationEvent", 6, MONTH, false);
  /** Billing history is kept forever: subscription state (MRR) is rebuilt from it. */
  public static final Topic BILLING = new Topic("events.billing",
      "user id", "BillingEvent", 6, null, false);
  public static final Topic ACTIVITY = new Topic("events.activity",
      "user id", "ActivityEvent", 6, MONTH, false);
  public static final Topic QUEUE_SAMPLES = new Topic("samples.queues",
      "queue name", "QueueSample", 3, WEEK, false);
  public static final Topic GPU_SAMPLES = new Topic("samples.gpus",
      "host/gpu uuid", "GpuSample", 3, WEEK, false);

  /** Generic events (name, attributes, measurements); what they derive is declared in metrics.yml. */
  public static final Topic CUSTOM = new Topic("events.custom",
      "service/instance", "CustomEvent", 6, MONTH, false);

  // Derived.
  public static final Topic AGGREGATES = new Topic("aggregates.1m",
      "series id: metric{label=\"value\",...}", "MetricAggregate, one per series per closed window", 6, MONTH, false);

  /** Records that could not be decoded or failed validation, with headers naming reason and origin. */
  public static final Topic DEAD_LETTER = new Topic("pipeline.dead-letter",
      "the original key", "the original bytes", 3, MONTH, false);

  // Alert router (alert-router module).
  /** Alerts as received (Prometheus API pushes and rule evaluations), before merging. */
  public static final Topic ALERTS = new Topic("alerts.incoming",
      "alert fingerprint (16 hex digits)", "alert JSON: labels, annotations, startsAt, endsAt", 6, WEEK, false);
  /** The merged current state of every alert, latest per fingerprint (read by inhibition and the API). */
  public static final Topic ALERT_STATE = new Topic("alerts.state",
      "alert fingerprint (16 hex digits)", "merged alert JSON", 6, null, true);
  /** Silences, latest version per id; expired ones stay until compaction deletes their tombstone. */
  public static final Topic SILENCES = new Topic("alerts.silences",
      "silence id", "silence JSON: matchers, startsAt, endsAt, createdBy, comment", 1, null, true);
  /** Notifications that failed their last delivery attempt, with the error in DeadLetter headers. */
  public static final Topic NOTIFICATION_DEAD_LETTER = new Topic("alerts.notifications.dead-letter",
      "group id/receiver/integration index", "the notification JSON", 1, MONTH, false);

  /** Every topic the pipeline creates up front. */
  public static final List<Topic> ALL = List.of(
      REQUESTS, GENERATIONS, BILLING, ACTIVITY, QUEUE_SAMPLES, GPU_SAMPLES, CUSTOM, AGGREGATES, DEAD_LETTER,
      ALERTS, ALERT_STATE, SILENCES, NOTIFICATION_DEAD_LETTER);
}

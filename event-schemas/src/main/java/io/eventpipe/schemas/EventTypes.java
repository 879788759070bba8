package io.eventpipe.schemas;

import io.eventpipe.events.ActivityEvent;
import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.CustomEvent;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.events.QueueSample;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The catalog of event kinds: every event the pipeline accepts, with its topic, key and semantic rules. */
public final class EventTypes {
  private EventTypes() {}

  private static final java.util.regex.Pattern CUSTOM_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_.]{0,99}");

  public static final EventType<RequestEvent> REQUEST = new EventType<>("request", RequestEvent.class,
      RequestEvent.getClassSchema(), Topics.REQUESTS, e -> e.getSource().getService() + "/" + e.getSource().getInstance(), e -> {
        Violations v = new Violations();
        v.notBlank("method", e.getMethod());
        v.check(e.getRoute().startsWith("/"), "route", "must be a route template starting with '/'", e.getRoute());
        v.check(e.getStatusCode() >= 100 && e.getStatusCode() <= 599, "status_code", "outside 100..599", e.getStatusCode());
        v.nonNegative("duration_seconds", e.getDurationSeconds());
        v.nonNegative("request_bytes", e.getRequestBytes());
        v.nonNegative("response_bytes", e.getResponseBytes());
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  public static final EventType<GenerationEvent> GENERATION = new EventType<>("generation", GenerationEvent.class,
      GenerationEvent.getClassSchema(), Topics.GENERATIONS, GenerationEvent::getJobId, e -> {
        Violations v = new Violations();
        v.known("status", e.getStatus(), GenerationStatus.UNKNOWN);
        v.notBlank("model", e.getModel());
        v.notBlank("plan", e.getPlan());
        v.nonNegative("duration_seconds", e.getDurationSeconds());
        v.nonNegative("credits_used", e.getCreditsUsed());
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  public static final EventType<BillingEvent> BILLING = new EventType<>("billing", BillingEvent.class,
      BillingEvent.getClassSchema(), Topics.BILLING, BillingEvent::getUserId, e -> {
        Violations v = new Violations();
        v.known("kind", e.getKind(), BillingKind.UNKNOWN);
        v.notBlank("user_id", e.getUserId());
        v.nonNegative("amount_minor", e.getAmountMinor());
        v.nonNegative("credits", e.getCredits());
        if (e.getAmountMinor() != null) {
          v.check(e.getCurrency() != null && e.getCurrency().matches("[A-Z]{3}"), "currency",
              "an ISO 4217 code is required with amount_minor", e.getCurrency());
        }
        switch (e.getKind()) {
          case SUBSCRIPTION_STARTED, SUBSCRIPTION_RENEWED -> {
            v.notBlank("to_plan", e.getToPlan());
            v.check(e.getBillingCycle() != null, "billing_cycle", "required for " + e.getKind(), null);
          }
          case SUBSCRIPTION_CHANGED -> {
            v.notBlank("from_plan", e.getFromPlan());
            v.notBlank("to_plan", e.getToPlan());
          }
          case SUBSCRIPTION_CANCELLED -> v.notBlank("from_plan", e.getFromPlan());
          case PAYMENT -> v.check(e.getAmountMinor() != null, "amount_minor", "required for PAYMENT", null);
          case CREDIT_PURCHASE -> v.check(e.getCredits() != null, "credits", "required for CREDIT_PURCHASE", null);
          case CREDIT_CONSUMPTION -> {
            v.check(e.getCredits() != null, "credits", "required for CREDIT_CONSUMPTION", null);
            v.notBlank("usage_type", e.getUsageType());
          }
          default -> { }
        }
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  public static final EventType<ActivityEvent> ACTIVITY = new EventType<>("activity", ActivityEvent.class,
      ActivityEvent.getClassSchema(), Topics.ACTIVITY, ActivityEvent::getUserId, e -> {
        Violations v = new Violations();
        v.known("action", e.getAction(), ActivityAction.UNKNOWN);
        v.notBlank("user_id", e.getUserId());
        v.notBlank("plan", e.getPlan());
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  public static final EventType<QueueSample> QUEUE = new EventType<>("queue", QueueSample.class,
      QueueSample.getClassSchema(), Topics.QUEUE_SAMPLES, QueueSample::getQueueName, e -> {
        Violations v = new Violations();
        v.notBlank("queue_name", e.getQueueName());
        v.nonNegative("length", e.getLength());
        v.nonNegative("active_workers", (long) e.getActiveWorkers());
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  public static final EventType<GpuSample> GPU = new EventType<>("gpu", GpuSample.class,
      GpuSample.getClassSchema(), Topics.GPU_SAMPLES, e -> e.getHost() + "/" + e.getUuid(), e -> {
        Violations v = new Violations();
        v.notBlank("host", e.getHost());
        v.notBlank("uuid", e.getUuid());
        v.nonNegative("gpu_index", (long) e.getGpuIndex());
        v.nonNegative("memory_total_bytes", e.getMemoryTotalBytes());
        v.nonNegative("memory_used_bytes", e.getMemoryUsedBytes());
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  /** A generic event: a name, string attributes and numeric measurements (metrics.yml derives families from it). */
  public static final EventType<CustomEvent> CUSTOM = new EventType<>("custom", CustomEvent.class,
      CustomEvent.getClassSchema(), Topics.CUSTOM, e -> e.getSource().getService() + "/" + e.getSource().getInstance(), e -> {
        Violations v = new Violations();
        v.check(e.getName() != null && CUSTOM_NAME.matcher(e.getName()).matches(), "name",
            "required, lower case letters, digits and '_' or '.', starting with a letter", e.getName());
        for (Map.Entry<String, Double> m : e.getMeasurements().entrySet()) {
          v.check(!m.getKey().isBlank(), "measurements", "a blank measurement name", null);
          v.check(Double.isFinite(m.getValue()), "measurements." + m.getKey(), "must be a finite number", m.getValue());
        }
        for (String key : e.getAttributes().keySet()) {
          v.check(!key.isBlank(), "attributes", "a blank attribute name", null);
        }
        return v.common(e.getEventId(), e.getEventTime(), e.getSource().getService());
      });

  public static final EventType<MetricAggregate> AGGREGATE = new EventType<>("aggregate", MetricAggregate.class,
      MetricAggregate.getClassSchema(), Topics.AGGREGATES, SeriesId::of, e -> {
        Violations v = new Violations();
        v.notBlank("metric", e.getMetric());
        v.check(e.getWindowEnd() > e.getWindowStart(), "window_end", "must be after window_start", e.getWindowEnd());
        return v.problems;
      });

  /** The event kinds services emit (aggregates are derived, not emitted). */
  public static final List<EventType<?>> INPUTS = List.of(REQUEST, GENERATION, BILLING, ACTIVITY, QUEUE, GPU, CUSTOM);

  public static final List<EventType<?>> ALL = List.of(REQUEST, GENERATION, BILLING, ACTIVITY, QUEUE, GPU, CUSTOM,
      AGGREGATE);

  /** The event kind stored on a topic, if any. */
  public static EventType<?> forTopic(String topicName) {
    return ALL.stream().filter(t -> t.topic().name().equals(topicName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no event type is stored on topic '" + topicName + "'"));
  }

  /** Collects readable rule violations; field names are the schema's. */
  private static final class Violations {
    final List<String> problems = new ArrayList<>();

    void check(boolean ok, String field, String why, Object value) {
      if (!ok) {
        problems.add(field + ": " + why + (value == null ? "" : " (" + value + ")"));
      }
    }

    void notBlank(String field, String value) {
      check(value != null && !value.isBlank(), field, "required and must not be blank", null);
    }

    void nonNegative(String field, Number value) {
      check(value == null || (value.doubleValue() >= 0 && !Double.isNaN(value.doubleValue())), field, "negative", value);
    }

    void known(String field, Enum<?> value, Enum<?> unknown) {
      check(!Objects.equals(value, unknown), field, "unknown value", value);
    }

    List<String> common(String eventId, long eventTime, String service) {
      notBlank("event_id", eventId);
      check(eventTime > 0, "event_time", "must be epoch milliseconds > 0", eventTime);
      notBlank("source.service", service);
      return problems;
    }
  }
}

package io.eventpipe.aggregator;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.ActivityEvent;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.QueueSample;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.metrics.MetricNames;
import io.eventpipe.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/** What each event kind changes: the series deltas of one event, exactly as docs/metrics.md defines them. */
final class EventDeltas {
  private EventDeltas() {}

  private static final Map<EventType<?>, Function<?, List<Delta>>> BY_TYPE = Map.of(
      EventTypes.REQUEST, (Function<RequestEvent, List<Delta>>) EventDeltas::of,
      EventTypes.GENERATION, (Function<GenerationEvent, List<Delta>>) EventDeltas::of,
      EventTypes.BILLING, (Function<BillingEvent, List<Delta>>) EventDeltas::of,
      EventTypes.ACTIVITY, (Function<ActivityEvent, List<Delta>>) EventDeltas::of,
      EventTypes.QUEUE, (Function<QueueSample, List<Delta>>) EventDeltas::of,
      EventTypes.GPU, (Function<GpuSample, List<Delta>>) EventDeltas::of);

  /** The deltas of one input event kind. */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> Function<T, List<Delta>> of(EventType<T> type) {
    Function<?, List<Delta>> deltas = BY_TYPE.get(type);
    if (deltas == null) {
      throw new IllegalArgumentException("no metric deltas for event type " + type.name());
    }
    return (Function<T, List<Delta>>) deltas;
  }

  static List<Delta> of(RequestEvent e) {
    String topic = Topics.REQUESTS.name();
    String service = e.getSource().getService();
    long t = e.getEventTime();
    List<Delta> out = new ArrayList<>(3);
    out.add(Delta.add(MetricNames.HTTP_REQUESTS, Map.of("service", service, "method", e.getMethod(),
        "endpoint", e.getRoute(), "status", Integer.toString(e.getStatusCode())), 1, t, topic));
    out.add(Delta.observe(MetricNames.HTTP_REQUEST_DURATION, Map.of("service", service, "method", e.getMethod(),
        "endpoint", e.getRoute()), e.getDurationSeconds(), e.getTraceId(), t, topic));
    if (e.getUserId() != null && e.getPlan() != null) {
      out.add(Delta.distinct(Families.USERS, Map.of("plan", e.getPlan()), e.getUserId(), t, topic));
    }
    return out;
  }

  static List<Delta> of(GenerationEvent e) {
    if (e.getStatus() != GenerationStatus.COMPLETED && e.getStatus() != GenerationStatus.FAILED) {
      return List.of();
    }
    String topic = Topics.GENERATIONS.name();
    long t = e.getEventTime();
    Map<String, String> modelPlan = Map.of("model", e.getModel(), "plan", e.getPlan());
    List<Delta> out = new ArrayList<>(3);
    out.add(Delta.add(MetricNames.GENERATIONS, Map.of("model", e.getModel(), "plan", e.getPlan(),
        "status", e.getStatus().name().toLowerCase(Locale.ROOT)), 1, t, topic));
    if (e.getDurationSeconds() != null) {
      out.add(Delta.observe(MetricNames.GENERATION_DURATION, modelPlan, e.getDurationSeconds(), e.getTraceId(), t,
          topic));
    }
    if (e.getCreditsUsed() != null) {
      out.add(Delta.add(MetricNames.GENERATION_CREDITS, modelPlan, e.getCreditsUsed(), t, topic));
    }
    return out;
  }

  /** Billing deltas except MRR, which needs each user's subscription state ({@link SubscriptionProcessor}). */
  static List<Delta> of(BillingEvent e) {
    String topic = Topics.BILLING.name();
    long t = e.getEventTime();
    String plan = orNone(e.getPlan());
    return switch (e.getKind()) {
      case PAYMENT -> "USD".equals(e.getCurrency())
          ? List.of(Delta.add(MetricNames.REVENUE, Map.of("plan", plan, "billing_cycle", e.getBillingCycle() == null
              ? "none" : e.getBillingCycle().name().toLowerCase(Locale.ROOT)), e.getAmountMinor(), t, topic))
          : List.of(Delta.add(Families.REVENUE_UNCONVERTED, Map.of("currency", e.getCurrency()), 1, t, topic));
      case SUBSCRIPTION_CHANGED -> List.of(Delta.add(MetricNames.SUBSCRIPTION_CHANGES,
          Map.of("from_plan", e.getFromPlan(), "to_plan", e.getToPlan()), 1, t, topic));
      case SUBSCRIPTION_CANCELLED -> List.of(Delta.add(MetricNames.CHURN, Map.of("plan", e.getFromPlan()), 1, t, topic));
      case CREDIT_PURCHASE -> List.of(Delta.add(MetricNames.CREDITS_PURCHASED, Map.of("plan", plan), e.getCredits(), t,
          topic));
      case CREDIT_CONSUMPTION -> List.of(Delta.add(MetricNames.CREDITS_CONSUMED,
          Map.of("plan", plan, "usage_type", e.getUsageType()), e.getCredits(), t, topic));
      default -> List.of();
    };
  }

  static List<Delta> of(ActivityEvent e) {
    String topic = Topics.ACTIVITY.name();
    long t = e.getEventTime();
    Delta active = Delta.distinct(Families.USERS, Map.of("plan", e.getPlan()), e.getUserId(), t, topic);
    if (e.getAction() == ActivityAction.REGISTRATION) {
      return List.of(Delta.add(MetricNames.REGISTRATIONS, Map.of(), 1, t, topic), active);
    }
    return List.of(active);
  }

  static List<Delta> of(QueueSample e) {
    String topic = Topics.QUEUE_SAMPLES.name();
    Map<String, String> queue = Map.of("queue_name", e.getQueueName());
    return List.of(Delta.latest(MetricNames.QUEUE_LENGTH, queue, e.getLength(), e.getEventTime(), topic),
        Delta.latest(MetricNames.ACTIVE_WORKERS, queue, e.getActiveWorkers(), e.getEventTime(), topic));
  }

  static List<Delta> of(GpuSample e) {
    Map<String, String> gpu = Map.of("host", e.getHost(), "gpu_id", Integer.toString(e.getGpuIndex()),
        "gpu_uuid", e.getUuid(), "gpu_name", e.getName());
    List<Delta> out = new ArrayList<>(16);
    Gauges gauges = new Gauges(out, gpu, e.getEventTime());
    gauges.add(MetricNames.GPU_MEMORY_TOTAL, e.getMemoryTotalBytes());
    gauges.add(MetricNames.GPU_MEMORY_USED, e.getMemoryUsedBytes());
    gauges.add(MetricNames.GPU_MEMORY_FREE, e.getMemoryFreeBytes());
    gauges.add(MetricNames.GPU_MEMORY_ALLOCATED, e.getMemoryAllocatedBytes());
    gauges.add(MetricNames.GPU_MEMORY_RESERVED, e.getMemoryReservedBytes());
    gauges.add(MetricNames.GPU_UTILIZATION, e.getUtilizationGpuPercent());
    gauges.add(MetricNames.GPU_MEMORY_UTILIZATION, e.getUtilizationMemoryPercent());
    gauges.add(MetricNames.GPU_TEMPERATURE, e.getTemperatureCelsius());
    gauges.add(MetricNames.GPU_POWER_DRAW, e.getPowerDrawWatts());
    gauges.add(MetricNames.GPU_POWER_LIMIT, e.getPowerLimitWatts());
    gauges.add(MetricNames.GPU_SM_CLOCK, e.getSmClockMhz());
    gauges.add(MetricNames.GPU_MEMORY_CLOCK, e.getMemoryClockMhz());
    gauges.add(MetricNames.GPU_FAN_SPEED, e.getFanSpeedPercent());
    gauges.add(MetricNames.GPU_ECC_CORRECTED, e.getEccCorrectedErrors());
    gauges.add(MetricNames.GPU_ECC_UNCORRECTED, e.getEccUncorrectedErrors());
    gauges.add(MetricNames.GPU_THROTTLE_REASONS, e.getThrottleReasons());
    return out;
  }

  /** The dead-letter counter's delta for one refused record. */
  static Delta deadLetter(String topic, String reason, long timestamp) {
    return Delta.add(Families.DEAD_LETTERS, Map.of("topic", topic, "reason", reason), 1, timestamp, topic);
  }

  private static String orNone(String value) {
    return value == null ? "none" : value;
  }

  /** Adds a GPU gauge delta only for fields the device reported (null exports no series). */
  private record Gauges(List<Delta> out, Map<String, String> labels, long eventTime) {
    void add(String metric, Number value) {
      if (value != null) {
        out.add(Delta.latest(metric, labels, value.doubleValue(), eventTime, Topics.GPU_SAMPLES.name()));
      }
    }
  }
}

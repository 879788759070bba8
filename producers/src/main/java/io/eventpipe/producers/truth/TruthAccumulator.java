package io.eventpipe.producers.truth;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.ActivityEvent;
import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.CustomEvent;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.QueueSample;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.metrics.BucketLabels;
import io.eventpipe.schemas.metrics.MetricNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Computes the {@link GroundTruth} from records as they appear on the event topics, following
 * docs/metrics.md: each record is decoded with the codec the pipeline uses, valid events feed the series,
 * the rest are counted by failure reason. Sums are exact (BigDecimal), so the result does not depend on the
 * order records arrive in across partitions; gauges take the newest value per key by event time, and records
 * of one key arrive in order (one partition per key). Not thread-safe.
 */
public final class TruthAccumulator {
  /** A GPU whose newest sample is this far behind the newest GPU sample exports nothing (docs/metrics.md). */
  public static final long GPU_STALENESS_MS = 60_000;
  private static final String INF = BucketLabels.INF;

  private final Map<String, EventCodec<?>> codecs = new HashMap<>();
  private final Map<String, Long> recordsSent = new TreeMap<>();
  private final Map<String, Long> rejected = new TreeMap<>();
  private final Map<String, BigDecimal> counters = new TreeMap<>();
  private final Map<String, QueueSample> queues = new TreeMap<>();
  private final Map<String, GpuSample> gpus = new TreeMap<>();
  private final Map<String, BigDecimal> monthlyPriceByUser = new HashMap<>();
  private final Map<String, BillingEvent> subscriptionByUser = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> daily = new TreeMap<>();
  private final Map<String, Map<String, Set<String>>> monthly = new TreeMap<>();
  private boolean sawSubscription;
  private final CustomTruth custom = new CustomTruth();

  public TruthAccumulator() {
    for (EventType<?> type : EventTypes.INPUTS) {
      codecs.put(type.topic().name(), EventCodec.of(type));
    }
  }

  /** Accounts one record value as it was written to {@code topic} (one of the event topics). */
  public void add(String topic, byte[] value) {
    EventCodec<?> codec = codecs.get(topic);
    if (codec == null) {
      throw new IllegalArgumentException("topic: not an event topic: " + topic);
    }
    recordsSent.merge(topic, 1L, Long::sum);
    Decoded<?> decoded = codec.decode(value);
    if (decoded instanceof Decoded.Failure<?> failure) {
      rejected.merge(failure.reason().headerValue(), 1L, Long::sum);
      return;
    }
    addEvent((SpecificRecord) decoded.event());
  }

  private void addEvent(SpecificRecord event) {
    if (event instanceof RequestEvent e) {
      request(e);
    } else if (event instanceof GenerationEvent e) {
      generation(e);
    } else if (event instanceof BillingEvent e) {
      billing(e);
    } else if (event instanceof ActivityEvent e) {
      active(e.getEventTime(), e.getUserId(), e.getPlan());
      if (e.getAction() == ActivityAction.REGISTRATION) {
        count(MetricNames.REGISTRATIONS, Map.of(), BigDecimal.ONE);
      }
    } else if (event instanceof QueueSample e) {
      newest(queues, e.getQueueName(), e, QueueSample::getEventTime);
    } else if (event instanceof GpuSample e) {
      newest(gpus, e.getHost() + "/" + e.getUuid(), e, GpuSample::getEventTime);
    } else if (event instanceof CustomEvent e) {
      custom.add(e, counters);
    }
  }

  private void request(RequestEvent e) {
    Map<String, String> labels = labels("service", e.getSource().getService(), "method", e.getMethod(),
        "endpoint", e.getRoute());
    Map<String, String> withStatus = new LinkedHashMap<>(labels);
    withStatus.put("status", Integer.toString(e.getStatusCode()));
    count(MetricNames.HTTP_REQUESTS, withStatus, BigDecimal.ONE);
    observe(MetricNames.HTTP_REQUEST_DURATION, MetricNames.HTTP_DURATION_BUCKETS, labels, e.getDurationSeconds());
    if (e.getUserId() != null && e.getPlan() != null) {
      active(e.getEventTime(), e.getUserId(), e.getPlan());
    }
  }

  private void generation(GenerationEvent e) {
    if (e.getStatus() != GenerationStatus.COMPLETED && e.getStatus() != GenerationStatus.FAILED) {
      return;
    }
    Map<String, String> labels = labels("model", e.getModel(), "plan", e.getPlan());
    Map<String, String> withStatus = new LinkedHashMap<>(labels);
    withStatus.put("status", e.getStatus().name().toLowerCase(Locale.ROOT));
    count(MetricNames.GENERATIONS, withStatus, BigDecimal.ONE);
    if (e.getDurationSeconds() != null) {
      observe(MetricNames.GENERATION_DURATION, MetricNames.GENERATION_DURATION_BUCKETS, labels, e.getDurationSeconds());
    }
    if (e.getCreditsUsed() != null) {
      count(MetricNames.GENERATION_CREDITS, labels, BigDecimal.valueOf(e.getCreditsUsed()));
    }
  }

  private void billing(BillingEvent e) {
    switch (e.getKind()) {
      case PAYMENT -> {
        BigDecimal amount = BigDecimal.valueOf(e.getAmountMinor()).movePointLeft(2);
        if ("USD".equals(e.getCurrency())) {
          String cycle = e.getBillingCycle() == null ? "none" : e.getBillingCycle().name().toLowerCase(Locale.ROOT);
          count(MetricNames.REVENUE, labels("plan", e.getPlan(), "billing_cycle", cycle), amount);
        } else {
          // No FX rates are invented: other currencies only count payments (docs/metrics.md).
          count("revenue_unconverted_total", labels("currency", e.getCurrency()), BigDecimal.ONE);
        }
      }
      case SUBSCRIPTION_STARTED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_CHANGED -> {
        sawSubscription = true;
        if (e.getKind() == BillingKind.SUBSCRIPTION_CHANGED) {
          count(MetricNames.SUBSCRIPTION_CHANGES, labels("from_plan", e.getFromPlan(), "to_plan", e.getToPlan()),
              BigDecimal.ONE);
        }
        subscribe(e);
      }
      case SUBSCRIPTION_CANCELLED -> {
        sawSubscription = true;
        count(MetricNames.CHURN, labels("plan", e.getFromPlan()), BigDecimal.ONE);
        subscriptionByUser.remove(e.getUserId());
        monthlyPriceByUser.remove(e.getUserId());
      }
      case CREDIT_PURCHASE -> count(MetricNames.CREDITS_PURCHASED, labels("plan", e.getPlan()),
          BigDecimal.valueOf(e.getCredits()));
      case CREDIT_CONSUMPTION -> count(MetricNames.CREDITS_CONSUMED,
          labels("plan", e.getPlan(), "usage_type", e.getUsageType()), BigDecimal.valueOf(e.getCredits()));
      default -> { }
    }
  }

  /** STARTED/RENEWED/CHANGED set the user's plan, cycle and price; a CHANGED without them keeps the previous ones. */
  private void subscribe(BillingEvent e) {
    BillingEvent previous = subscriptionByUser.get(e.getUserId());
    BillingCycle cycle = e.getBillingCycle() != null || previous == null ? e.getBillingCycle() : previous.getBillingCycle();
    Long price = e.getAmountMinor() != null || previous == null ? e.getAmountMinor() : previous.getAmountMinor();
    subscriptionByUser.put(e.getUserId(), e);
    if (price == null || (e.getCurrency() != null && !"USD".equals(e.getCurrency()))) {
      monthlyPriceByUser.remove(e.getUserId());
      return;
    }
    BigDecimal dollars = BigDecimal.valueOf(price).movePointLeft(2);
    monthlyPriceByUser.put(e.getUserId(),
        cycle == BillingCycle.YEARLY ? dollars.divide(BigDecimal.valueOf(12), 12, RoundingMode.HALF_EVEN) : dollars);
  }

  private void active(long eventTime, String userId, String plan) {
    var day = Instant.ofEpochMilli(eventTime).atOffset(ZoneOffset.UTC).toLocalDate();
    daily.computeIfAbsent(day.toString(), k -> new TreeMap<>()).computeIfAbsent(plan, k -> new HashSet<>()).add(userId);
    monthly.computeIfAbsent(day.toString().substring(0, 7), k -> new TreeMap<>())
        .computeIfAbsent(plan, k -> new HashSet<>()).add(userId);
  }

  private void observe(String family, List<Double> bounds, Map<String, String> labels, double value) {
    for (double bound : bounds) {
      BigDecimal hit = value <= bound ? BigDecimal.ONE : BigDecimal.ZERO;
      count(family + "_bucket", with(labels, "le", BucketLabels.le(bound)), hit);
    }
    count(family + "_bucket", with(labels, "le", INF), BigDecimal.ONE);
    count(family + "_count", labels, BigDecimal.ONE);
    count(family + "_sum", labels, new BigDecimal(value));
  }

  private void count(String metric, Map<String, String> labels, BigDecimal delta) {
    counters.merge(SeriesId.of(metric, labels), delta, BigDecimal::add);
  }

  private static <V> void newest(Map<String, V> map, String key, V value, Function<V, Long> time) {
    V current = map.get(key);
    if (current == null || time.apply(value) >= time.apply(current)) {
      map.put(key, value);
    }
  }

  /** The truth so far, stamped with the run's seed and simulated time span. */
  public GroundTruth truth(long seed, long startMs, long endMs) {
    Map<String, Double> counterValues = new TreeMap<>();
    counters.forEach((series, value) -> counterValues.put(series, value.doubleValue()));
    return new GroundTruth(seed, startMs, endMs, new TreeMap<>(recordsSent), new TreeMap<>(rejected), counterValues,
        gauges(), distinct(daily), distinct(monthly));
  }

  private Map<String, Double> gauges() {
    Map<String, Double> out = new TreeMap<>();
    custom.gauges(out);
    if (!queues.isEmpty()) {
      long workers = 0;
      for (QueueSample q : queues.values()) {
        out.put(SeriesId.of(MetricNames.QUEUE_LENGTH, Map.of("queue_name", q.getQueueName())), (double) q.getLength());
        workers += q.getActiveWorkers();
      }
      out.put(MetricNames.ACTIVE_WORKERS, (double) workers);
    }
    if (sawSubscription) {
      BigDecimal mrr = monthlyPriceByUser.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      out.put(MetricNames.MRR, mrr.doubleValue());
    }
    long newestGpu = gpus.values().stream().mapToLong(GpuSample::getEventTime).max().orElse(0);
    for (GpuSample g : gpus.values()) {
      if (g.getEventTime() >= newestGpu - GPU_STALENESS_MS) {
        gpu(out, g);
      }
    }
    return out;
  }

  private static void gpu(Map<String, Double> out, GpuSample g) {
    Map<String, String> labels = labels("host", g.getHost(), "gpu_id", Integer.toString(g.getGpuIndex()),
        "gpu_uuid", g.getUuid(), "gpu_name", g.getName());
    put(out, MetricNames.GPU_MEMORY_TOTAL, labels, g.getMemoryTotalBytes());
    put(out, MetricNames.GPU_MEMORY_USED, labels, g.getMemoryUsedBytes());
    put(out, MetricNames.GPU_MEMORY_FREE, labels, g.getMemoryFreeBytes());
    put(out, MetricNames.GPU_MEMORY_ALLOCATED, labels, g.getMemoryAllocatedBytes());
    put(out, MetricNames.GPU_MEMORY_RESERVED, labels, g.getMemoryReservedBytes());
    put(out, MetricNames.GPU_UTILIZATION, labels, g.getUtilizationGpuPercent());
    put(out, MetricNames.GPU_MEMORY_UTILIZATION, labels, g.getUtilizationMemoryPercent());
    put(out, MetricNames.GPU_TEMPERATURE, labels, g.getTemperatureCelsius());
    put(out, MetricNames.GPU_POWER_DRAW, labels, g.getPowerDrawWatts());
    put(out, MetricNames.GPU_POWER_LIMIT, labels, g.getPowerLimitWatts());
    put(out, MetricNames.GPU_SM_CLOCK, labels, g.getSmClockMhz());
    put(out, MetricNames.GPU_MEMORY_CLOCK, labels, g.getMemoryClockMhz());
    put(out, MetricNames.GPU_FAN_SPEED, labels, g.getFanSpeedPercent());
    put(out, MetricNames.GPU_ECC_CORRECTED, labels, g.getEccCorrectedErrors());
    put(out, MetricNames.GPU_ECC_UNCORRECTED, labels, g.getEccUncorrectedErrors());
    put(out, MetricNames.GPU_THROTTLE_REASONS, labels, g.getThrottleReasons());
  }

  private static void put(Map<String, Double> out, String metric, Map<String, String> labels, Number value) {
    if (value != null) {
      out.put(SeriesId.of(metric, labels), value.doubleValue());
    }
  }

  private static Map<String, Map<String, Long>> distinct(Map<String, Map<String, Set<String>>> byPeriod) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    byPeriod.forEach((period, byPlan) -> {
      Map<String, Long> counts = new TreeMap<>();
      byPlan.forEach((plan, users) -> counts.put(plan, (long) users.size()));
      out.put(period, counts);
    });
    return out;
  }

  /** Labels in the order given; an absent optional field (a billing event's plan) becomes "none", as exported. */
  private static Map<String, String> labels(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1] == null ? "none" : pairs[i + 1]);
    }
    return out;
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put(name, value);
    return out;
  }
}

package io.eventpipe.schemas.metrics;

import java.util.List;

/**
 * The metric families the pipeline exports, named exactly as users' existing dashboards and rules query
 * them. The one source of truth for these names and their bucket layouts: the aggregator exports them,
 * the simulator's ground truth predicts them, rules and dashboards in deploy/ query them.
 * Semantics (which events count, which label comes from which field) are in docs/metrics.md.
 */
public final class MetricNames {
  private MetricNames() {}

  // Requests. Labels: service, method, endpoint (route template), status (numeric code as text).
  public static final String HTTP_REQUESTS = "http_requests_total";
  /** Histogram family; series are _bucket{le}, _sum, _count. Labels: service, method, endpoint. */
  public static final String HTTP_REQUEST_DURATION = "http_request_duration_seconds";
  public static final List<Double> HTTP_DURATION_BUCKETS = List.of(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  // Generations. Labels: model, plan (+ status on the counter: completed | failed).
  public static final String GENERATIONS = "image_generation_total";
  public static final String GENERATION_DURATION = "image_generation_duration_seconds";
  public static final List<Double> GENERATION_DURATION_BUCKETS = List.of(1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0);
  public static final String GENERATION_CREDITS = "image_generation_credits_used_total";

  // Business.
  public static final String REVENUE = "revenue_total_usd";
  public static final String MRR = "subscription_mrr_usd";
  public static final String SUBSCRIPTION_CHANGES = "subscription_changes_total";
  public static final String CHURN = "user_churn_total";
  public static final String CREDITS_PURCHASED = "credits_purchased_total";
  public static final String CREDITS_CONSUMED = "credits_consumed_total";
  public static final String DAILY_ACTIVE_USERS = "daily_active_users";
  public static final String MONTHLY_ACTIVE_USERS = "monthly_active_users";
  public static final String ACTIVE_USERS = "active_users";
  public static final String REGISTRATIONS = "user_registrations_total";

  // Queues.
  public static final String QUEUE_LENGTH = "celery_queue_length";
  public static final String ACTIVE_WORKERS = "celery_active_workers";

  // GPUs. Labels: host, gpu_id, gpu_uuid, gpu_name.
  public static final String GPU_MEMORY_TOTAL = "gpu_memory_total_bytes";
  public static final String GPU_MEMORY_USED = "gpu_memory_used_bytes";
  public static final String GPU_MEMORY_FREE = "gpu_memory_free_bytes";
  public static final String GPU_MEMORY_ALLOCATED = "gpu_memory_allocated_bytes";
  public static final String GPU_MEMORY_RESERVED = "gpu_memory_reserved_bytes";
  public static final String GPU_UTILIZATION = "gpu_utilization_percent";
  public static final String GPU_MEMORY_UTILIZATION = "gpu_memory_utilization_percent";
  public static final String GPU_TEMPERATURE = "gpu_temperature_celsius";
  public static final String GPU_POWER_DRAW = "gpu_power_draw_watts";
  public static final String GPU_POWER_LIMIT = "gpu_power_limit_watts";
  public static final String GPU_SM_CLOCK = "gpu_sm_clock_mhz";
  public static final String GPU_MEMORY_CLOCK = "gpu_memory_clock_mhz";
  public static final String GPU_FAN_SPEED = "gpu_fan_speed_percent";
  public static final String GPU_ECC_CORRECTED = "gpu_ecc_corrected_errors_total";
  public static final String GPU_ECC_UNCORRECTED = "gpu_ecc_uncorrected_errors_total";
  public static final String GPU_THROTTLE_REASONS = "gpu_throttle_reasons";
}

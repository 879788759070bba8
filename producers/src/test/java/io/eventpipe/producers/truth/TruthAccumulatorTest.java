package io.eventpipe.producers.truth;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.ActivityEvent;
import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.QueueSample;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.events.Source;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The truth's semantics, hand-checked against docs/metrics.md on a handful of events. */
class TruthAccumulatorTest {
  private static final long DAY1 = 1_763_769_600_000L; // 2025-11-22T00:00:00Z
  private static final Source SRC = new Source("api", "api-0");
  private final TruthAccumulator acc = new TruthAccumulator();
  private int ids;

  @Test
  void requestsBecomeCounterAndCumulativeHistogramSeries() {
    add(EventTypes.REQUEST, request(0.03, 200));
    add(EventTypes.REQUEST, request(0.25, 200));
    add(EventTypes.REQUEST, request(12.0, 503));
    Map<String, Double> c = acc.truth(1, DAY1, DAY1 + 1).counters();
    String labels = "endpoint=\"/users/{id}\",method=\"GET\",service=\"api\"";
    assertThat(c).containsEntry("http_requests_total{" + labels + ",status=\"200\"}", 2.0)
        .containsEntry("http_requests_total{" + labels + ",status=\"503\"}", 1.0)
        .containsEntry("http_request_duration_seconds_bucket{endpoint=\"/users/{id}\",le=\"0.01\",method=\"GET\",service=\"api\"}", 0.0)
        .containsEntry("http_request_duration_seconds_bucket{endpoint=\"/users/{id}\",le=\"0.05\",method=\"GET\",service=\"api\"}", 1.0)
        .containsEntry("http_request_duration_seconds_bucket{endpoint=\"/users/{id}\",le=\"0.25\",method=\"GET\",service=\"api\"}", 2.0)
        .containsEntry("http_request_duration_seconds_bucket{endpoint=\"/users/{id}\",le=\"10\",method=\"GET\",service=\"api\"}", 2.0)
        .containsEntry("http_request_duration_seconds_bucket{endpoint=\"/users/{id}\",le=\"+Inf\",method=\"GET\",service=\"api\"}", 3.0)
        .containsEntry("http_request_duration_seconds_count{" + labels + "}", 3.0)
        .containsEntry("http_request_duration_seconds_sum{" + labels + "}", 12.28);
    assertThat(c.keySet().stream().filter(k -> k.startsWith("http_request_duration_seconds_bucket"))).hasSize(11);
  }

  @Test
  void onlyTerminalGenerationsCount() {
    add(EventTypes.GENERATION, generation(GenerationStatus.QUEUED, null, null));
    add(EventTypes.GENERATION, generation(GenerationStatus.STARTED, null, null));
    add(EventTypes.GENERATION, generation(GenerationStatus.COMPLETED, 7.5, 4L));
    add(EventTypes.GENERATION, generation(GenerationStatus.FAILED, 2.0, null));
    Map<String, Double> c = acc.truth(1, DAY1, DAY1 + 1).counters();
    assertThat(c).containsEntry("image_generation_total{model=\"sdxl\",plan=\"pro\",status=\"completed\"}", 1.0)
        .containsEntry("image_generation_total{model=\"sdxl\",plan=\"pro\",status=\"failed\"}", 1.0)
        .containsEntry("image_generation_credits_used_total{model=\"sdxl\",plan=\"pro\"}", 4.0)
        .containsEntry("image_generation_duration_seconds_bucket{le=\"5\",model=\"sdxl\",plan=\"pro\"}", 1.0)
        .containsEntry("image_generation_duration_seconds_bucket{le=\"10\",model=\"sdxl\",plan=\"pro\"}", 2.0)
        .containsEntry("image_generation_duration_seconds_sum{model=\"sdxl\",plan=\"pro\"}", 9.5);
  }

  @Test
  void billingRevenueMrrChurnAndCredits() {
    add(EventTypes.BILLING, sub(BillingKind.SUBSCRIPTION_STARTED, "u1", null, "pro", BillingCycle.MONTHLY, 2_900L));
    add(EventTypes.BILLING, sub(BillingKind.SUBSCRIPTION_STARTED, "u2", null, "enterprise", BillingCycle.YEARLY, 99_000L));
    add(EventTypes.BILLING, sub(BillingKind.SUBSCRIPTION_STARTED, "u3", null, "pro", BillingCycle.MONTHLY, 2_900L));
    add(EventTypes.BILLING, sub(BillingKind.SUBSCRIPTION_CHANGED, "u3", "pro", "enterprise", null, null));
    add(EventTypes.BILLING, sub(BillingKind.SUBSCRIPTION_CANCELLED, "u1", "pro", null, null, null));
    add(EventTypes.BILLING, billing(BillingKind.PAYMENT, "u2", "enterprise").setBillingCycle(BillingCycle.YEARLY)
        .setAmountMinor(99_000L).setCurrency("USD").build());
    add(EventTypes.BILLING, billing(BillingKind.PAYMENT, "u4", null).setAmountMinor(1_050L).setCurrency("USD").build());
    add(EventTypes.BILLING, billing(BillingKind.PAYMENT, "u4", "pro").setAmountMinor(500L).setCurrency("EUR").build());
    add(EventTypes.BILLING, billing(BillingKind.CREDIT_PURCHASE, "u4", "free").setCredits(100L).build());
    add(EventTypes.BILLING, billing(BillingKind.CREDIT_CONSUMPTION, "u4", "free").setCredits(7L).setUsageType("upscale").build());
    GroundTruth t = acc.truth(1, DAY1, DAY1 + 1);
    assertThat(t.counters()).containsEntry("revenue_total_usd{billing_cycle=\"yearly\",plan=\"enterprise\"}", 990.0)
        .containsEntry("revenue_total_usd{billing_cycle=\"none\",plan=\"none\"}", 10.5)
        .containsEntry("revenue_unconverted_total{currency=\"EUR\"}", 1.0)
        .containsEntry("subscription_changes_total{from_plan=\"pro\",to_plan=\"enterprise\"}", 1.0)
        .containsEntry("user_churn_total{plan=\"pro\"}", 1.0)
        .containsEntry("credits_purchased_total{plan=\"free\"}", 100.0)
        .containsEntry("credits_consumed_total{plan=\"free\",usage_type=\"upscale\"}", 7.0);
    // u1 cancelled; u2 990/12 = 82.5; u3 changed plan but keeps its monthly 29.00 (no new price given).
    assertThat(t.gauges()).containsEntry("subscription_mrr_usd", 82.5 + 29.0);
  }

  @Test
  void gaugesTakeTheNewestSampleByEventTimeAndStaleGpusDisappear() {
    add(EventTypes.QUEUE, queue("default", DAY1 + 2_000, 9, 4));
    add(EventTypes.QUEUE, queue("default", DAY1 + 1_000, 50, 1)); // older, arrives late: ignored
    add(EventTypes.QUEUE, queue("gpu", DAY1 + 1_000, 3, 2));
    add(EventTypes.GPU, gpu("GPU-a", 0, DAY1, 60));
    add(EventTypes.GPU, gpu("GPU-b", 1, DAY1 + 1_000, 70));
    add(EventTypes.GPU, gpu("GPU-b", 1, DAY1 + 61_000, 71));
    GroundTruth t = acc.truth(1, DAY1, DAY1 + 1);
    assertThat(t.gauges()).containsEntry("celery_queue_length{queue_name=\"default\"}", 9.0)
        .containsEntry("celery_queue_length{queue_name=\"gpu\"}", 3.0)
        .containsEntry("celery_active_workers", 6.0)
        .containsEntry("gpu_temperature_celsius{gpu_id=\"1\",gpu_name=\"H100\",gpu_uuid=\"GPU-b\",host=\"h\"}", 71.0)
        .doesNotContainKey("gpu_temperature_celsius{gpu_id=\"0\",gpu_name=\"H100\",gpu_uuid=\"GPU-a\",host=\"h\"}")
        .doesNotContainKey("gpu_fan_speed_percent{gpu_id=\"1\",gpu_name=\"H100\",gpu_uuid=\"GPU-b\",host=\"h\"}");
  }

  @Test
  void activeUsersPerUtcDayAndMonthByPlanAndRejectedByReason(@TempDir Path dir) {
    add(EventTypes.ACTIVITY, activity("u1", "free", DAY1 + 5, ActivityAction.REGISTRATION));
    add(EventTypes.ACTIVITY, activity("u1", "free", DAY1 + 6, ActivityAction.LOGIN));
    add(EventTypes.ACTIVITY, activity("u2", "pro", DAY1 - 1, ActivityAction.LOGIN)); // 2025-11-21T23:59:59.999Z
    RequestEvent withUser = RequestEvent.newBuilder(request(0.1, 200)).setUserId("u3").setPlan("pro").build();
    add(EventTypes.REQUEST, withUser);
    acc.add("events.requests", new byte[] {0x07});
    acc.add("events.activity", "{\"event_id\":".getBytes(StandardCharsets.UTF_8));
    GroundTruth t = acc.truth(9, DAY1, DAY1 + 1);
    assertThat(t.dailyActiveUsers()).isEqualTo(Map.of("2025-11-21", Map.of("pro", 1L),
        "2025-11-22", Map.of("free", 1L, "pro", 1L)));
    assertThat(t.monthlyActiveUsers()).isEqualTo(Map.of("2025-11", Map.of("free", 1L, "pro", 2L)));
    assertThat(t.counters()).containsEntry("user_registrations_total", 1.0);
    assertThat(t.rejected()).isEqualTo(Map.of("unknown_format", 1L, "malformed_json", 1L));
    assertThat(t.recordsSent()).isEqualTo(Map.of("events.requests", 2L, "events.activity", 4L));

    Path file = dir.resolve("truth.json");
    t.write(file);
    assertThat(GroundTruth.read(file)).isEqualTo(t);
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> void add(EventType<T> type, SpecificRecord event) {
    acc.add(type.topic().name(), EventCodec.of(type).encode((T) event));
  }

  private String id() {
    return "e" + (++ids);
  }

  private RequestEvent request(double seconds, int status) {
    return RequestEvent.newBuilder().setEventId(id()).setEventTime(DAY1 + 10).setSource(SRC).setMethod("GET")
        .setRoute("/users/{id}").setStatusCode(status).setDurationSeconds(seconds).build();
  }

  private GenerationEvent generation(GenerationStatus status, Double seconds, Long credits) {
    return GenerationEvent.newBuilder().setEventId(id()).setEventTime(DAY1 + 10).setSource(SRC).setJobId("j1")
        .setModel("sdxl").setPlan("pro").setStatus(status).setQueue("default").setDurationSeconds(seconds)
        .setCreditsUsed(credits).build();
  }

  private BillingEvent.Builder billing(BillingKind kind, String user, String plan) {
    return BillingEvent.newBuilder().setEventId(id()).setEventTime(DAY1 + 10).setSource(SRC).setKind(kind)
        .setUserId(user).setPlan(plan);
  }

  private BillingEvent sub(BillingKind kind, String user, String from, String to, BillingCycle cycle, Long price) {
    return billing(kind, user, to == null ? from : to).setFromPlan(from).setToPlan(to).setBillingCycle(cycle)
        .setAmountMinor(price).setCurrency(price == null ? null : "USD").build();
  }

  private QueueSample queue(String name, long time, long length, int workers) {
    return QueueSample.newBuilder().setEventId(id()).setEventTime(time).setSource(SRC).setQueueName(name)
        .setLength(length).setActiveWorkers(workers).build();
  }

  private GpuSample gpu(String uuid, int index, long time, int temperature) {
    return GpuSample.newBuilder().setEventId(id()).setEventTime(time).setSource(SRC).setHost("h").setGpuIndex(index)
        .setUuid(uuid).setName("H100").setTemperatureCelsius(temperature).build();
  }

  private ActivityEvent activity(String user, String plan, long time, ActivityAction action) {
    return ActivityEvent.newBuilder().setEventId(id()).setEventTime(time).setSource(SRC).setUserId(user).setPlan(plan)
        .setAction(action).build();
  }
}

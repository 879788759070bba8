package io.eventpipe.schemas;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.ActivityEvent;
import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.CustomEvent;
import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.GpuProcess;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.events.QueueSample;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.events.Source;
import java.util.List;
import java.util.Map;

/** One fully populated, valid example of every event type. */
final class Samples {
  private Samples() {}

  static final long T = 1_763_800_000_000L;
  static final Source SOURCE = new Source("api", "api-0");

  static RequestEvent request() {
    return RequestEvent.newBuilder().setEventId("11111111-1111-1111-1111-111111111111").setEventTime(T).setSource(SOURCE)
        .setMethod("GET").setRoute("/users/{id}").setStatusCode(200).setDurationSeconds(0.042)
        .setRequestBytes(120L).setResponseBytes(2048L).setUserId("u1").setPlan("pro")
        .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736").setSpanId("00f067aa0ba902b7").build();
  }

  static GenerationEvent generation() {
    return GenerationEvent.newBuilder().setEventId("22222222-2222-2222-2222-222222222222").setEventTime(T).setSource(SOURCE)
        .setJobId("job-1").setModel("sdxl").setPlan("pro").setStatus(GenerationStatus.COMPLETED).setQueue("default")
        .setWorkerId("w1").setDurationSeconds(12.5).setCreditsUsed(4L).setUserId("u1").build();
  }

  static BillingEvent billing() {
    return BillingEvent.newBuilder().setEventId("33333333-3333-3333-3333-333333333333").setEventTime(T).setSource(SOURCE)
        .setKind(BillingKind.SUBSCRIPTION_STARTED).setUserId("u1").setPlan("pro").setToPlan("pro")
        .setBillingCycle(BillingCycle.YEARLY).setAmountMinor(19_900L).setCurrency("USD").build();
  }

  static ActivityEvent activity() {
    return ActivityEvent.newBuilder().setEventId("44444444-4444-4444-4444-444444444444").setEventTime(T).setSource(SOURCE)
        .setUserId("u1").setPlan("free").setAction(ActivityAction.LOGIN).build();
  }

  static QueueSample queue() {
    return QueueSample.newBuilder().setEventId("55555555-5555-5555-5555-555555555555").setEventTime(T).setSource(SOURCE)
        .setQueueName("default").setLength(7).setActiveWorkers(3).build();
  }

  static GpuSample gpu() {
    return GpuSample.newBuilder().setEventId("66666666-6666-6666-6666-666666666666").setEventTime(T).setSource(SOURCE)
        .setHost("gpu-host-1").setGpuIndex(0).setUuid("GPU-abc").setName("NVIDIA H100 80GB HBM3")
        .setPciBusId("00000000:17:00.0").setMemoryTotalBytes(85_899_345_920L).setMemoryUsedBytes(1_000_000L)
        .setMemoryFreeBytes(85_898_345_920L).setUtilizationGpuPercent(55).setUtilizationMemoryPercent(20)
        .setTemperatureCelsius(61).setPowerDrawWatts(312.5).setPowerLimitWatts(700.0).setSmClockMhz(1980)
        .setMemoryClockMhz(2619).setFanSpeedPercent(null).setEccCorrectedErrors(0L).setEccUncorrectedErrors(0L)
        .setThrottleReasons(4L).setProcesses(List.of(new GpuProcess(4242L, 1_000_000L))).build();
  }

  static CustomEvent custom() {
    return CustomEvent.newBuilder().setEventId("77777777-7777-7777-7777-777777777777").setEventTime(T).setSource(SOURCE)
        .setName("db_query").setAttributes(Map.of("operation", "select", "table", "users"))
        .setMeasurements(Map.of("duration_seconds", 0.012, "rows", 3.0)).setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .build();
  }

  static MetricAggregate aggregate() {
    return MetricAggregate.newBuilder().setMetric("http_request_duration_seconds")
        .setLabels(Map.of("service", "api", "method", "GET", "endpoint", "/users/{id}"))
        .setWindowStart(T).setWindowEnd(T + 60_000).setKind(AggregateKind.HISTOGRAM).setValue(3.5).setCount(10)
        .setMin(0.01).setMax(1.2).setBucketBounds(List.of(0.1, 1.0)).setBucketCounts(List.of(6L, 3L, 1L)).build();
  }

  static Map<EventType<?>, Object> all() {
    return Map.of(EventTypes.REQUEST, request(), EventTypes.GENERATION, generation(), EventTypes.BILLING, billing(),
        EventTypes.ACTIVITY, activity(), EventTypes.QUEUE, queue(), EventTypes.GPU, gpu(), EventTypes.CUSTOM, custom(),
        EventTypes.AGGREGATE, aggregate());
  }
}

package io.eventpipe.aggregator;

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
import java.util.UUID;

/** Builders of valid test events with the fields a test cares about. */
final class Events {
  private Events() {}

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z (the topology tests' driver clock is set near it)
  /** An hour boundary an hour ago: for tests on a real broker, where the wall clock is real. */
  static final long RECENT = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
      .minus(java.time.Duration.ofHours(1)).toEpochMilli();

  static Source source(String service) {
    return new Source(service, service + "-1");
  }

  static RequestEvent request(long t, String method, String route, int status, double seconds, String traceId) {
    return RequestEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(t).setSource(source("api"))
        .setMethod(method).setRoute(route).setStatusCode(status).setDurationSeconds(seconds).setTraceId(traceId).build();
  }

  static RequestEvent request(long t, String user, String plan) {
    RequestEvent e = request(t, "GET", "/me", 200, 0.02, null);
    e.setUserId(user);
    e.setPlan(plan);
    return e;
  }

  static GenerationEvent generation(long t, GenerationStatus status, String model, String plan, Double seconds,
      Long credits) {
    return GenerationEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(t)
        .setSource(source("worker")).setJobId(UUID.randomUUID().toString()).setModel(model).setPlan(plan)
        .setStatus(status).setQueue("default").setDurationSeconds(seconds).setCreditsUsed(credits).build();
  }

  static BillingEvent.Builder billing(long t, BillingKind kind, String user) {
    return BillingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(t)
        .setSource(source("billing")).setKind(kind).setUserId(user);
  }

  static BillingEvent subscription(long t, BillingKind kind, String user, String from, String to, BillingCycle cycle,
      Long cents) {
    return billing(t, kind, user).setFromPlan(from).setToPlan(to).setBillingCycle(cycle).setAmountMinor(cents)
        .setCurrency(cents == null ? null : "USD").build();
  }

  static ActivityEvent activity(long t, String user, String plan, ActivityAction action) {
    return ActivityEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(t)
        .setSource(source("api")).setUserId(user).setPlan(plan).setAction(action).build();
  }

  static QueueSample queue(long t, String queue, long length, int workers) {
    return QueueSample.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(t)
        .setSource(source("worker")).setQueueName(queue).setLength(length).setActiveWorkers(workers).build();
  }

  static GpuSample gpu(long t, String host, int index, Integer temperature, Long used) {
    return GpuSample.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(t).setSource(source("gpu"))
        .setHost(host).setGpuIndex(index).setUuid("GPU-" + host + "-" + index).setName("NVIDIA H100")
        .setTemperatureCelsius(temperature).setMemoryUsedBytes(used).setMemoryTotalBytes(80L << 30).build();
  }
}

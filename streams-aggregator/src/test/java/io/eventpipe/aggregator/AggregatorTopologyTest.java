package io.eventpipe.aggregator;

import static io.eventpipe.aggregator.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingKind;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorTopologyTest {
  private static final long MIN = 60_000;

  @TempDir
  Path stateDir;
  TopologyFixture fx;

  @BeforeEach
  void start() {
    fx = new TopologyFixture(stateDir, 100);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void requestsCountBySeriesAndObserveDurationsIntoCumulativeBuckets() {
    fx.send(Events.request(T0, "GET", "/users/{id}", 200, 0.01, "a".repeat(32)));
    fx.send(Events.request(T0 + 1, "GET", "/users/{id}", 200, 0.3, "b".repeat(32)));
    fx.send(Events.request(T0 + 2, "GET", "/users/{id}", 503, 12.0, null));
    fx.send(Events.request(T0 + 3, "POST", "/orders", 201, 0.05, null));

    Map<String, Double> s = fx.samples();
    assertThat(s).containsEntry("http_requests_total{endpoint=\"/users/{id}\",method=\"GET\",service=\"api\",status=\"200\"}", 2.0)
        .containsEntry("http_requests_total{endpoint=\"/users/{id}\",method=\"GET\",service=\"api\",status=\"503\"}", 1.0)
        .containsEntry("http_requests_total{endpoint=\"/orders\",method=\"POST\",service=\"api\",status=\"201\"}", 1.0);
    String users = "endpoint=\"/users/{id}\",method=\"GET\",service=\"api\"";
    assertThat(s).containsEntry("http_request_duration_seconds_bucket{" + users + ",le=\"0.01\"}", 1.0)
        .containsEntry("http_request_duration_seconds_bucket{" + users + ",le=\"0.25\"}", 1.0)
        .containsEntry("http_request_duration_seconds_bucket{" + users + ",le=\"0.5\"}", 2.0)
        .containsEntry("http_request_duration_seconds_bucket{" + users + ",le=\"10\"}", 2.0)
        .containsEntry("http_request_duration_seconds_bucket{" + users + ",le=\"+Inf\"}", 3.0)
        .containsEntry("http_request_duration_seconds_count{" + users + "}", 3.0);
    assertThat(s.get("http_request_duration_seconds_sum{" + users + "}")).isCloseTo(12.31, within(1e-9));
    String om = fx.openMetrics();
    assertThat(om).contains("le=\"0.01\"} 1 # {trace_id=\"" + "a".repeat(32) + "\"} 0.01")
        .contains("le=\"0.5\"} 2 # {trace_id=\"" + "b".repeat(32) + "\"} 0.3").endsWith("# EOF\n");
  }

  @Test
  void generationsCountOnlyTerminalEventsWithLowerCasedStatus() {
    fx.send(Events.generation(T0, GenerationStatus.QUEUED, "sdxl", "pro", null, null));
    fx.send(Events.generation(T0 + 1, GenerationStatus.STARTED, "sdxl", "pro", null, null));
    fx.send(Events.generation(T0 + 2, GenerationStatus.COMPLETED, "sdxl", "pro", 42.0, 5L));
    fx.send(Events.generation(T0 + 3, GenerationStatus.FAILED, "sdxl", "pro", 700.0, null));

    Map<String, Double> s = fx.samples();
    assertThat(s).containsEntry("image_generation_total{model=\"sdxl\",plan=\"pro\",status=\"completed\"}", 1.0)
        .containsEntry("image_generation_total{model=\"sdxl\",plan=\"pro\",status=\"failed\"}", 1.0)
        .containsEntry("image_generation_duration_seconds_bucket{model=\"sdxl\",plan=\"pro\",le=\"30\"}", 0.0)
        .containsEntry("image_generation_duration_seconds_bucket{model=\"sdxl\",plan=\"pro\",le=\"60\"}", 1.0)
        .containsEntry("image_generation_duration_seconds_bucket{model=\"sdxl\",plan=\"pro\",le=\"600\"}", 1.0)
        .containsEntry("image_generation_duration_seconds_bucket{model=\"sdxl\",plan=\"pro\",le=\"+Inf\"}", 2.0)
        .containsEntry("image_generation_duration_seconds_sum{model=\"sdxl\",plan=\"pro\"}", 742.0)
        .containsEntry("image_generation_credits_used_total{model=\"sdxl\",plan=\"pro\"}", 5.0);
    assertThat(s.keySet()).noneMatch(k -> k.contains("queued") || k.contains("started"));
  }

  @Test
  void businessSeriesRevenueMrrChangesChurnAndCredits() {
    fx.send(Events.billing(T0, BillingKind.PAYMENT, "u1").setPlan("pro").setBillingCycle(BillingCycle.MONTHLY)
        .setAmountMinor(1999L).setCurrency("USD").build());
    fx.send(Events.billing(T0, BillingKind.PAYMENT, "u2").setPlan("pro").setBillingCycle(BillingCycle.MONTHLY)
        .setAmountMinor(1L).setCurrency("USD").build());
    fx.send(Events.billing(T0, BillingKind.PAYMENT, "u3").setPlan("pro").setAmountMinor(500L).setCurrency("EUR").build());
    fx.send(Events.subscription(T0, BillingKind.SUBSCRIPTION_STARTED, "u1", null, "pro", BillingCycle.MONTHLY, 2000L));
    fx.send(Events.subscription(T0, BillingKind.SUBSCRIPTION_STARTED, "u2", null, "team", BillingCycle.YEARLY, 12_000L));
    fx.send(Events.subscription(T0, BillingKind.SUBSCRIPTION_STARTED, "u3", null, "basic", BillingCycle.MONTHLY, 500L));
    fx.send(Events.subscription(T0 + 1, BillingKind.SUBSCRIPTION_CHANGED, "u1", "pro", "team", null, 5000L));
    fx.send(Events.subscription(T0 + 2, BillingKind.SUBSCRIPTION_CANCELLED, "u3", "basic", null, null, null));
    fx.send(Events.billing(T0, BillingKind.CREDIT_PURCHASE, "u1").setPlan("pro").setCredits(100L).build());
    fx.send(Events.billing(T0, BillingKind.CREDIT_CONSUMPTION, "u1").setPlan("pro").setCredits(7L)
        .setUsageType("image").build());

    Map<String, Double> s = fx.samples();
    assertThat(s).containsEntry("revenue_total_usd{billing_cycle=\"monthly\",plan=\"pro\"}", 20.0)
        .containsEntry("revenue_unconverted_total{currency=\"EUR\"}", 1.0)
        // u1 team monthly $50 + u2 yearly $120/12; u3 cancelled
        .containsEntry("subscription_mrr_usd", 60.0)
        .containsEntry("subscription_changes_total{from_plan=\"pro\",to_plan=\"team\"}", 1.0)
        .containsEntry("user_churn_total{plan=\"basic\"}", 1.0)
        .containsEntry("credits_purchased_total{plan=\"pro\"}", 100.0)
        .containsEntry("credits_consumed_total{plan=\"pro\",usage_type=\"image\"}", 7.0);
  }

  @Test
  void activeUsersAreDistinctPerPlanForDayMonthAndTrailingFiveMinutes() {
    long day2 = T0 + 86_400_000L;
    fx.close();
    fx = new TopologyFixture(stateDir.resolve("day2"), 100, day2 + MIN);
    for (int i = 0; i < 300; i++) {
      fx.send(Events.activity(T0 + i, "u" + i, "free", ActivityAction.LOGIN));
    }
    fx.send(Events.activity(day2, "new", "free", ActivityAction.REGISTRATION));
    fx.send(Events.activity(day2 - 10 * MIN, "u1", "free", ActivityAction.PAGE_VIEW));
    fx.send(Events.activity(day2 - 2 * MIN, "u2", "free", ActivityAction.PAGE_VIEW));
    fx.send(Events.activity(day2 - 2 * MIN, "u2", "free", ActivityAction.PAGE_VIEW));
    fx.send(Events.request(day2 - MIN, "u3", "pro"));
    fx.send(Events.request(day2 - MIN, null, "pro"));

    Map<String, Double> s = fx.samples();
    assertThat(s).containsEntry("user_registrations_total", 1.0)
        .containsEntry("daily_active_users{plan=\"free\"}", 1.0)
        .containsEntry("daily_active_users{plan=\"pro\"}", 0.0)
        .containsEntry("active_users{plan=\"free\"}", 2.0)
        .containsEntry("active_users{plan=\"pro\"}", 1.0)
        .containsEntry("monthly_active_users{plan=\"free\"}", 301.0)
        .containsEntry("monthly_active_users{plan=\"pro\"}", 1.0);
  }

  @Test
  void queueGaugesKeepTheNewestSampleByEventTimeAndSumWorkers() {
    fx.send(Events.queue(T0 + 10, "images", 40, 3));
    fx.send(Events.queue(T0 + 5, "images", 99, 9)); // older sample arriving late: ignored
    fx.send(Events.queue(T0 + 7, "emails", 2, 1));

    Map<String, Double> s = fx.samples();
    assertThat(s).containsEntry("celery_queue_length{queue_name=\"images\"}", 40.0)
        .containsEntry("celery_queue_length{queue_name=\"emails\"}", 2.0)
        .containsEntry("celery_active_workers", 4.0);
  }

  @Test
  void gpuSeriesDisappearAfterTheStalenessTimeoutOfTheirHostAndNullFieldsExportNothing() {
    fx.send(Events.gpu(T0, "h1", 0, 70, 1000L));
    fx.send(Events.gpu(T0, "h1", 1, 71, 1000L));
    fx.send(Events.gpu(T0, "h2", 0, null, 2000L));
    String h1gpu0 = "gpu_id=\"0\",gpu_name=\"NVIDIA H100\",gpu_uuid=\"GPU-h1-0\",host=\"h1\"";
    String h1gpu1 = "gpu_id=\"1\",gpu_name=\"NVIDIA H100\",gpu_uuid=\"GPU-h1-1\",host=\"h1\"";
    String h2 = "gpu_id=\"0\",gpu_name=\"NVIDIA H100\",gpu_uuid=\"GPU-h2-0\",host=\"h2\"";
    assertThat(fx.samples()).containsEntry("gpu_temperature_celsius{" + h1gpu0 + "}", 70.0)
        .containsEntry("gpu_temperature_celsius{" + h1gpu1 + "}", 71.0)
        .containsEntry("gpu_memory_used_bytes{" + h2 + "}", 2000.0)
        .doesNotContainKey("gpu_temperature_celsius{" + h2 + "}");

    // GPU 1 of h1 stops reporting while GPU 0 goes on: it is stale on its host's clock. h2's clock is its own, so a
    // newer h1 sample hides nothing of h2.
    fx.send(Events.gpu(T0 + 61_000, "h1", 0, 80, 3000L));
    Map<String, Double> later = fx.samples();
    assertThat(later).containsEntry("gpu_temperature_celsius{" + h1gpu0 + "}", 80.0)
        .doesNotContainKey("gpu_temperature_celsius{" + h1gpu1 + "}")
        .doesNotContainKey("gpu_memory_used_bytes{" + h1gpu1 + "}")
        .containsEntry("gpu_memory_used_bytes{" + h2 + "}", 2000.0);
  }

  @Test
  void undecodableAndInvalidRecordsGoToTheDeadLetterTopicAndProcessingContinues() {
    var dlq = fx.deadLetters();
    fx.raw(Topics.REQUESTS.name(), "k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
    String negative = "{\"event_id\":\"e1\",\"event_time\":" + T0 + ",\"source\":{\"service\":\"api\",\"instance\":\"i\"},"
        + "\"method\":\"GET\",\"route\":\"/x\",\"status_code\":200,\"duration_seconds\":-1.0}";
    fx.raw(Topics.REQUESTS.name(), null, negative.getBytes(StandardCharsets.UTF_8));
    fx.raw(Topics.GENERATIONS.name(), null, "{\"event_id\":\"e2\"}".getBytes(StandardCharsets.UTF_8));
    fx.send(Events.request(T0, "GET", "/x", 200, 0.1, null));

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).hasSize(3);
    TestRecord<byte[], byte[]> first = dead.get(0);
    assertThat(first.value()).containsExactly(1, 2, 3);
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k");
    assertThat(DeadLetter.header(first.headers(), DeadLetter.REASON)).isEqualTo("unknown_format");
    assertThat(DeadLetter.header(first.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.REQUESTS.name());
    assertThat(DeadLetter.header(first.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(DeadLetter.header(first.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.REASON)).isEqualTo("invalid_value");
    assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.DETAIL)).contains("duration_seconds");
    assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(DeadLetter.header(dead.get(2).headers(), DeadLetter.REASON)).isEqualTo("missing_field");

    assertThat(fx.samples())
        .containsEntry("eventpipe_dead_letters_total{reason=\"unknown_format\",topic=\"events.requests\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"invalid_value\",topic=\"events.requests\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"missing_field\",topic=\"events.generations\"}", 1.0)
        .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"200\"}", 1.0);
  }

  @Test
  void aWindowIsPublishedOnceAfterEveryInputPartitionPassedItsEndPlusGrace() {
    fx.send(Events.request(T0 + 1000, "GET", "/x", 200, 0.02, null));
    fx.send(Events.request(T0 + 2000, "GET", "/x", 200, 3.0, null));
    fx.send(Events.queue(T0 + 3000, "images", 10, 2));
    fx.send(Events.queue(T0 + 4000, "images", 7, 2));
    // Requests run far ahead: with one clock for all inputs this closed [0,1m). The queue partition is still at 4 s,
    // and the other topics have shown nothing and are not idle yet, so nothing closes.
    fx.send(Events.request(T0 + 5 * MIN, "GET", "/x", 500, 0.02, null));
    assertThat(fx.windows()).isEmpty();
    fx.send(Events.queue(T0 + MIN + 29_000, "images", 8, 2));
    assertThat(fx.windows()).isEmpty();

    // The silent topics become idle 30 s (wall clock) after start; requests and queues stay active, and from then on
    // the queue partition alone holds [0,1m) open (it is at 1m29s; end + grace is 1m30s).
    fx.advanceWallClock(Duration.ofSeconds(20));
    fx.send(Events.request(T0 + 5 * MIN, "GET", "/x", 500, 0.02, null));
    fx.send(Events.queue(T0 + MIN + 29_500, "images", 8, 2));
    fx.advanceWallClock(Duration.ofSeconds(11));
    assertThat(fx.windows()).isEmpty();
    fx.send(Events.queue(T0 + MIN + 30_000, "images", 9, 2));
    List<MetricAggregate> out = fx.windows();
    assertThat(out).allSatisfy(a -> {
      assertThat(a.getWindowStart()).isEqualTo(T0);
      assertThat(a.getWindowEnd()).isEqualTo(T0 + MIN);
      assertThat(a.getRecordKind()).isEqualTo(AggregateRecordKind.WINDOW);
    });
    Map<String, MetricAggregate> byMetric = new java.util.HashMap<>();
    out.forEach(a -> byMetric.put(a.getMetric(), a));
    assertThat(out).hasSize(4);
    MetricAggregate requests = byMetric.get("http_requests_total");
    assertThat(requests.getKind()).isEqualTo(AggregateKind.COUNTER);
    assertThat(requests.getValue()).isEqualTo(2.0);
    assertThat(requests.getLabels()).containsEntry("status", "200");
    MetricAggregate durations = byMetric.get("http_request_duration_seconds");
    assertThat(durations.getKind()).isEqualTo(AggregateKind.HISTOGRAM);
    assertThat(durations.getCount()).isEqualTo(2);
    assertThat(durations.getBucketCounts()).containsExactly(0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L);
    assertThat(durations.getValue()).isCloseTo(3.02, within(1e-9));
    MetricAggregate queue = byMetric.get("celery_queue_length");
    assertThat(queue.getKind()).isEqualTo(AggregateKind.GAUGE);
    assertThat(queue.getValue()).isEqualTo(7.0);
    assertThat(queue.getMin()).isEqualTo(7.0);
    assertThat(queue.getMax()).isEqualTo(10.0);
    assertThat(byMetric).containsKey("celery_active_workers");
    assertThat(fx.marks()).extracting(MetricAggregate::getWindowEnd).isSorted().last().isEqualTo(T0 + MIN);

    // Everything goes quiet: after the idle timeout every partition counts as at least now - 30 s (the wall clock is
    // at 9m02s), so every window ending by 8m closes, each once.
    fx.advanceWallClock(Duration.ofSeconds(31));
    assertThat(fx.windows()).extracting(MetricAggregate::getWindowStart, MetricAggregate::getMetric)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(T0 + MIN, "celery_queue_length"),
            org.assertj.core.groups.Tuple.tuple(T0 + MIN, "celery_active_workers"),
            org.assertj.core.groups.Tuple.tuple(T0 + 5 * MIN, "http_requests_total"),
            org.assertj.core.groups.Tuple.tuple(T0 + 5 * MIN, "http_request_duration_seconds"));
    assertThat(fx.marks()).extracting(MetricAggregate::getWindowEnd).isSorted().last().isEqualTo(T0 + 8 * MIN);
    fx.advanceWallClock(Duration.ofSeconds(31));
    assertThat(fx.windows()).isEmpty(); // each window is published once
  }

  @Test
  void anUpdateAfterItsWindowWasPublishedIsACorrectionCountedAsLate() {
    fx.send(Events.request(T0 + 1000, "GET", "/x", 200, 0.02, null));
    fx.advanceWallClock(Duration.ofSeconds(31)); // every partition idle: windows up to 7m30s close
    assertThat(fx.windows()).filteredOn(a -> a.getMetric().equals("http_requests_total"))
        .extracting(MetricAggregate::getWindowStart, MetricAggregate::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 1.0));

    fx.send(Events.request(T0 + 2000, "GET", "/x", 200, 0.02, null));
    fx.send(Events.request(T0 + 3000, "GET", "/x", 200, 0.02, null));
    assertThat(fx.samples())
        .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"200\"}", 3.0)
        .containsEntry("eventpipe_late_updates_total{metric=\"http_requests_total\",topic=\"events.requests\"}", 2.0)
        .containsEntry("eventpipe_late_updates_total{metric=\"http_request_duration_seconds\",topic=\"events.requests\"}", 2.0);
    List<MetricAggregate> corrections = fx.aggregatesOfKind(AggregateRecordKind.CORRECTION);
    // Published + corrections = truth: one correction per late event here (each event was its own commit).
    assertThat(corrections).filteredOn(a -> a.getMetric().equals("http_requests_total"))
        .extracting(MetricAggregate::getWindowStart, MetricAggregate::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 1.0), org.assertj.core.groups.Tuple.tuple(T0, 1.0));
  }

  @Test
  void eventsTooFarInTheFutureOrOlderThanRetentionAreDeadLetteredAndMoveNoClock() {
    var dlq = fx.deadLetters();
    fx.send(Events.request(TopologyFixture.WALL + 6 * MIN, "GET", "/x", 200, 0.02, null)); // beyond the 5 min skew
    fx.send(Events.request(TopologyFixture.WALL - 36L * 86_400_000L, "GET", "/x", 200, 0.02, null)); // retention 35 d
    fx.send(Events.request(T0 + 1000, "GET", "/x", 200, 0.02, null));
    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON))
        .containsExactly("future_event_time", "expired_event_time");
    assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.DETAIL)).contains("ahead of the wall clock");
    assertThat(fx.samples())
        .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"200\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"future_event_time\",topic=\"events.requests\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"expired_event_time\",topic=\"events.requests\"}", 1.0);
    // The future event moved no clock: the request window of T0 is still open while the requests partition is active.
    assertThat(fx.windows()).isEmpty();
  }

  @Test
  void aCorruptRecordOnThePartialsTopicIsDeadLetteredAndTheTotalsStayExact() {
    var dlq = fx.deadLetters();
    fx.send(Events.request(T0 + 1000, "GET", "/x", 200, 0.02, null));
    fx.raw(fx.partialsTopic(), "http_requests_total{}".getBytes(StandardCharsets.UTF_8), new byte[] {1, 'P', 0, 9});
    fx.raw(fx.partialsTopic(), "x".getBytes(StandardCharsets.UTF_8), new byte[] {7, 7, 7});
    fx.send(Events.request(T0 + 2000, "GET", "/x", 200, 0.02, null));
    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON))
        .containsExactly("undecodable_internal", "undecodable_internal");
    assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.DETAIL)).contains("unknown format version 7");
    assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(fx.partialsTopic());
    assertThat(fx.samples())
        .containsEntry("http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"200\"}", 2.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + fx.partialsTopic()
            + "\"}", 2.0);
  }

  @Test
  void aCorruptRecordOnTheBillingByUserTopicIsDeadLetteredAndMrrStaysExact() {
    var dlq = fx.deadLetters();
    fx.send(Events.subscription(T0, BillingKind.SUBSCRIPTION_STARTED, "u1", null, "pro", BillingCycle.MONTHLY, 2000L));
    fx.raw(fx.billingByUserTopic(), "u2".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 1, 9, 9});
    fx.raw(fx.billingByUserTopic(), "u3".getBytes(StandardCharsets.UTF_8), new byte[0]);
    // A JSON event (as the Python and Node clients send) crosses the repartition re-encoded; Avro ones as they came.
    fx.raw(EventTypes.BILLING.topic().name(), "u4".getBytes(StandardCharsets.UTF_8),
        Events.subscription(T0 + 1, BillingKind.SUBSCRIPTION_STARTED, "u4", null, "team", BillingCycle.YEARLY, 12_000L)
            .toString().getBytes(StandardCharsets.UTF_8));
    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON))
        .containsExactly("undecodable_internal", "empty");
    assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(fx.billingByUserTopic());
    assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.DETAIL)).startsWith("malformed_avro: ");
    assertThat(dead.get(0).value()).containsExactly((byte) 0xC3, 1, 9, 9);
    assertThat(fx.samples())
        // u1 $20 monthly + u4 $120 yearly / 12
        .containsEntry("subscription_mrr_usd", 30.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + fx.billingByUserTopic()
            + "\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"empty\",topic=\"" + fx.billingByUserTopic() + "\"}", 1.0);
  }

  @Test
  void storedValuesThisReleaseCannotReadAreDeadLetteredAsStoredAndTheTaskGoesOn() {
    var dlq = fx.deadLetters();
    byte[] junk = {9, 9, 9};
    String ok = "http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"200\"}";
    String gone = "http_requests_total{endpoint=\"/x\",method=\"GET\",service=\"api\",status=\"404\"}";
    // As a restore from a changelog written by another version would leave them: a series, an open window of it, an
    // open window of a series no event touches again, a sketch and a subscription.
    fx.store(SeriesAggregator.SERIES).put(ok, junk);
    fx.store(SeriesAggregator.WINDOWS).put(SeriesAggregator.windowKey(T0, ok), junk);
    fx.store(SeriesAggregator.WINDOWS).put(SeriesAggregator.windowKey(T0, gone), junk);
    String day = ActiveUsers.key("active_users{plan=\"free\"}", ActiveUsers.Grain.DAYS, T0 - Math.floorMod(T0, 86_400_000L));
    fx.store(SeriesAggregator.SKETCHES).put(day, junk);
    fx.store(SubscriptionProcessor.SUBSCRIPTIONS).put("u1", junk);

    fx.send(Events.request(T0 + 1000, "GET", "/x", 200, 0.02, null));
    fx.send(Events.activity(T0 + 1000, "u9", "free", ActivityAction.LOGIN));
    fx.send(Events.subscription(T0 + 1000, BillingKind.SUBSCRIPTION_STARTED, "u1", null, "pro", BillingCycle.MONTHLY,
        2000L));
    fx.advanceWallClock(Duration.ofSeconds(31)); // every partition idle: the windows of T0 close

    String app = fx.config.applicationId();
    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8),
            r -> DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ok, app + "-series-changelog"),
            org.assertj.core.groups.Tuple.tuple(SeriesAggregator.windowKey(T0, ok), app + "-windows-changelog"),
            org.assertj.core.groups.Tuple.tuple(SeriesAggregator.windowKey(T0, gone), app + "-windows-changelog"),
            org.assertj.core.groups.Tuple.tuple(day, app + "-active-user-sketches-changelog"),
            org.assertj.core.groups.Tuple.tuple("u1", app + "-subscriptions-changelog"));
    assertThat(dead).allSatisfy(r -> {
      assertThat(r.value()).containsExactly(junk);
      assertThat(DeadLetter.header(r.headers(), DeadLetter.REASON)).isEqualTo("undecodable_internal");
    });
    assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.DETAIL)).startsWith("series store value of " + ok);
    // Each key started afresh from what arrived after it; nothing else was lost, and the task kept going.
    assertThat(fx.samples()).containsEntry(ok, 1.0)
        .containsEntry("daily_active_users{plan=\"free\"}", 1.0)
        .containsEntry("subscription_mrr_usd", 20.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + app
            + "-windows-changelog\"}", 2.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + app
            + "-series-changelog\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + app
            + "-active-user-sketches-changelog\"}", 1.0)
        .containsEntry("eventpipe_dead_letters_total{reason=\"undecodable_internal\",topic=\"" + app
            + "-subscriptions-changelog\"}", 1.0);
    assertThat(fx.windows()).filteredOn(a -> a.getMetric().equals("http_requests_total"))
        .extracting(MetricAggregate::getWindowStart, MetricAggregate::getValue, a -> a.getLabels().get("status"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 1.0, "200"));
  }

  @Test
  void seriesBeyondTheCardinalityCapFoldIntoOther() {
    fx.close();
    fx = new TopologyFixture(stateDir.resolve("capped"), 2);
    for (String route : List.of("/a", "/b", "/c", "/d", "/a")) {
      fx.send(Events.request(T0, "GET", route, 200, 0.02, null));
    }
    Map<String, Double> s = fx.samples();
    assertThat(s).containsEntry("http_requests_total{endpoint=\"/a\",method=\"GET\",service=\"api\",status=\"200\"}", 2.0)
        .containsEntry("http_requests_total{endpoint=\"/b\",method=\"GET\",service=\"api\",status=\"200\"}", 1.0)
        .containsEntry("http_requests_total{endpoint=\"other\",method=\"other\",service=\"other\",status=\"other\"}", 2.0)
        .containsEntry("http_request_duration_seconds_count{endpoint=\"other\",method=\"other\",service=\"other\"}", 2.0)
        .containsEntry("eventpipe_series_folded_total{metric=\"http_requests_total\"}", 2.0)
        .containsEntry("eventpipe_series_folded_total{metric=\"http_request_duration_seconds\"}", 2.0);
    assertThat(s.keySet()).noneMatch(k -> k.contains("/c") || k.contains("/d"));
  }
}

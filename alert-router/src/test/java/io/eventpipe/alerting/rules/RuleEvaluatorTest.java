package io.eventpipe.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.ClosedThrough;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule evaluation on 1-minute aggregates in event time: for, and, absence, ratios, quantiles, resolution. */
class RuleEvaluatorTest {
  private static final long MIN = 60_000;
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final EventCodec<MetricAggregate> CODEC = EventCodec.of(EventTypes.AGGREGATE);

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> aggregates;
  private TestOutputTopic<String, byte[]> alerts;

  private void start(String rules) {
    StreamsBuilder builder = new StreamsBuilder();
    RuleEvaluator.addTo(builder, RulesLoader.parse(rules));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(builder.build(), props);
    aggregates = driver.createInputTopic(Topics.AGGREGATES.name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
    alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void counter(String metric, Map<String, String> labels, int minute, double increase) {
    send(MetricAggregate.newBuilder().setMetric(metric).setLabels(labels).setWindowStart(T0 + (minute - 1) * MIN)
        .setWindowEnd(T0 + minute * MIN).setKind(AggregateKind.COUNTER).setValue(increase).setCount((long) increase)
        .build());
  }

  private void gauge(String metric, Map<String, String> labels, int minute, double value) {
    send(MetricAggregate.newBuilder().setMetric(metric).setLabels(labels).setWindowStart(T0 + (minute - 1) * MIN)
        .setWindowEnd(T0 + minute * MIN).setKind(AggregateKind.GAUGE).setValue(value).setCount(1).build());
  }

  private long marked = T0;

  /**
   * Sends a window as one aggregator writer would: windows of a minute come after the closed-through mark of the
   * minute before, so the first window of minute m completes minute m - 1.
   */
  private void send(MetricAggregate a) {
    if (a.getWindowEnd() - MIN > marked) {
      mark(0, 1, a.getWindowEnd() - MIN);
    }
    raw(a);
  }

  private void raw(MetricAggregate a) {
    aggregates.pipeInput(SeriesId.of(a), CODEC.encode(a), a.getWindowEnd());
  }

  /** Writer {@code writer} of {@code writers} has published every window ending at or before {@code end}. */
  private void mark(int writer, int writers, long end) {
    marked = Math.max(marked, end);
    raw(ClosedThrough.mark(writer, writers, 1, end, MIN));
  }

  private List<Alert> emitted() {
    return alerts.readValuesToList().stream().map(b -> Json.read(b, Alert.class)).toList();
  }

  private static final String ERROR_RATIO = """
      groups:
      - name: api
        rules:
        - alert: HighErrorRate
          condition:
            ratio: {numerator: 'http_requests_total{status=~"5.."}', denominator: http_requests_total}
            over: 2m
            by: [service]
            when: '> 0.05'
          for: 2m
          labels: {severity: critical}
          annotations: {summary: '5xx ratio {{ $value }} on {{ $labels.service }}'}
      """;

  private void requests(String service, int minute, double ok, double errors) {
    counter("http_requests_total", Map.of("service", service, "status", "200"), minute, ok);
    counter("http_requests_total", Map.of("service", service, "status", "500"), minute, errors);
  }

  @Test
  void pendingForTheHoldDurationThenFiringThenResolved() {
    start(ERROR_RATIO);
    requests("api", 1, 90, 10);
    requests("web", 1, 100, 0);
    requests("api", 2, 90, 10); // evaluates minute 1: ratio 0.1 -> pending since 00:01
    requests("api", 3, 90, 10); // evaluates minute 2: pending 1m
    assertThat(emitted()).isEmpty();
    requests("api", 4, 90, 10); // evaluates minute 3: held 2m -> firing
    List<Alert> firing = emitted();
    assertThat(firing).hasSize(1);
    Alert a = firing.get(0);
    assertThat(a.labels()).isEqualTo(Map.of("alertname", "HighErrorRate", "service", "api", "severity", "critical"));
    assertThat(a.annotations().get("summary")).isEqualTo("5xx ratio 0.1 on api");
    assertThat(a.startsAt()).isEqualTo(T0 + 3 * MIN);
    assertThat(a.endsAt()).isZero();
    requests("api", 5, 100, 0); // evaluates minute 4: window (2m,4m] still 0.1 -> still firing, re-sent
    assertThat(emitted()).hasSize(1);
    requests("api", 6, 100, 0); // evaluates minute 5: (3m,5m] = 10/200 = 0.05, not > 0.05 -> resolved
    List<Alert> resolved = emitted();
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).endsAt()).isEqualTo(T0 + 5 * MIN);
    assertThat(resolved.get(0).startsAt()).isEqualTo(T0 + 3 * MIN);
    // As Prometheus does, the resolved alert keeps the annotations of its last firing evaluation (never NaN).
    assertThat(resolved.get(0).annotations().get("summary")).isEqualTo("5xx ratio 0.1 on api");
  }

  @Test
  void conditionsJoinedWithAnd() {
    start("""
        groups:
        - name: queues
          rules:
          - alert: NoWorkersWhileQueued
            and:
            - {value: celery_queue_length, over: 1m, when: '> 10'}
            - {value: celery_active_workers, over: 1m, when: '== 0'}
        """);
    gauge("celery_queue_length", Map.of("queue_name", "images"), 1, 50);
    gauge("celery_active_workers", Map.of(), 1, 2);
    gauge("celery_queue_length", Map.of("queue_name", "images"), 2, 50);
    gauge("celery_active_workers", Map.of(), 2, 0);
    assertThat(emitted()).isEmpty(); // minute 1: 2 workers
    gauge("celery_queue_length", Map.of("queue_name", "images"), 3, 5);
    gauge("celery_active_workers", Map.of(), 3, 0);
    assertThat(emitted()).extracting(Alert::name).containsExactly("NoWorkersWhileQueued"); // minute 2: both hold
    gauge("celery_queue_length", Map.of("queue_name", "images"), 4, 5);
    assertThat(emitted()).extracting(Alert::endsAt).containsExactly(T0 + 3 * MIN); // minute 3: queue 5 -> resolved
  }

  @Test
  void absenceOfAServiceThatStoppedSendingRequests() {
    start("""
        groups:
        - name: up
          rules:
          - alert: APIDown
            condition: {absent: http_requests_total, over: 2m, by: [service]}
            for: 1m
            annotations: {summary: '{{ $labels.service }} sent no requests for {{ $value }}s'}
        """);
    for (int m = 1; m <= 3; m++) {
      counter("http_requests_total", Map.of("service", "api"), m, 5);
      counter("http_requests_total", Map.of("service", "web"), m, 5);
    }
    for (int m = 4; m <= 8; m++) {
      counter("http_requests_total", Map.of("service", "web"), m, 5);
    }
    // api last seen at 3m; absent (nothing in (now-2m, now]) from evaluation at 5m; for 1m -> fires at 6m
    List<Alert> out = emitted();
    assertThat(out).isNotEmpty();
    assertThat(out.get(0).labels()).isEqualTo(Map.of("alertname", "APIDown", "service", "api"));
    assertThat(out.get(0).startsAt()).isEqualTo(T0 + 6 * MIN);
    assertThat(out.get(0).annotations().get("summary")).isEqualTo("api sent no requests for 180s");
    assertThat(out).extracting(Alert::name).containsOnly("APIDown");
    counter("http_requests_total", Map.of("service", "api"), 9, 5);
    counter("http_requests_total", Map.of("service", "web"), 10, 5);
    assertThat(emitted()).last().extracting(Alert::endsAt).isEqualTo(T0 + 9 * MIN);
  }

  @Test
  void p95LatencyFromHistogramBuckets() {
    start("""
        groups:
        - name: latency
          rules:
          - alert: HighLatencyP95
            condition: {quantile: {q: 0.95, histogram: http_request_duration_seconds}, over: 1m, by: [service], when: '> 2'}
        """);
    List<Double> bounds = List.of(0.5, 1.0, 2.5, 5.0);
    send(MetricAggregate.newBuilder().setMetric("http_request_duration_seconds").setLabels(Map.of("service", "api"))
        .setWindowStart(T0).setWindowEnd(T0 + MIN).setKind(AggregateKind.HISTOGRAM).setValue(200).setCount(100)
        .setBucketBounds(bounds).setBucketCounts(List.of(50L, 30L, 10L, 10L, 0L)).build());
    gauge("tick", Map.of(), 2, 0);
    // rank 95 falls in (2.5, 5] holding 10 after 90: 2.5 + 2.5 * 5/10 = 3.75
    List<Alert> out = emitted();
    assertThat(out).hasSize(1);
    assertThat(Conditions.histogramQuantile(0.95, bounds, new long[] {50, 30, 10, 10, 0})).isEqualTo(3.75);
    assertThat(Conditions.histogramQuantile(0.5, bounds, new long[] {50, 30, 10, 10, 0})).isEqualTo(0.5);
    assertThat(Conditions.histogramQuantile(0.99, bounds, new long[] {0, 0, 0, 0, 10})).isEqualTo(5.0);
  }

  @Test
  void aMinuteIsEvaluatedOnceAfterEveryWriterClosedItSoALaggingPartitionNeverMakesRulesSeePartOfIt() {
    start(ERROR_RATIO + """
        - name: up
          rules:
          - alert: APIDown
            condition: {absent: http_requests_total, over: 2m, by: [service]}
        """);
    for (int m = 1; m <= 4; m++) {
      // Writer 0 owns the 5xx series, writer 1 the 200 series (two aggregator partitions).
      raw(counterWindow(Map.of("service", "api", "status", "500"), m, 1));
      mark(0, 2, T0 + m * MIN);
      assertThat(emitted()).as("minute %d waits for writer 1", m).isEmpty();
      raw(counterWindow(Map.of("service", "api", "status", "200"), m, 99));
      mark(1, 2, T0 + m * MIN);
      // 1% errors with both series present: nothing fires. Had minute m been evaluated with writer 1 lagging, the
      // ratio would have been 100% (and, once held 2m, HighErrorRate would fire).
      assertThat(emitted()).as("minute %d", m).isEmpty();
    }
    // Writer 1 falls behind by three minutes: nothing is evaluated, so the api is not "absent".
    for (int m = 5; m <= 7; m++) {
      raw(counterWindow(Map.of("service", "api", "status", "500"), m, 1));
      mark(0, 2, T0 + m * MIN);
    }
    assertThat(emitted()).isEmpty();
  }

  @Test
  void twoRulesSharingAnAlertNameFireAndResolveEachWithItsOwnLabelsAndAnnotations() {
    start("""
        groups:
        - name: latency
          rules:
          - alert: HighLatency
            condition: {value: latency_seconds, over: 1m, by: [service], when: '> 1'}
            labels: {severity: warning}
            annotations: {summary: 'warning {{ $value }}'}
          - alert: HighLatency
            condition: {value: latency_seconds, over: 1m, by: [service], when: '> 2'}
            labels: {severity: critical}
            annotations: {summary: 'critical {{ $value }}'}
        """);
    gauge("latency_seconds", Map.of("service", "api"), 1, 3);
    gauge("latency_seconds", Map.of("service", "api"), 2, 3);
    assertThat(emitted()).extracting(a -> a.labels().get("severity") + ": " + a.annotations().get("summary"))
        .containsExactlyInAnyOrder("warning: warning 3", "critical: critical 3");
    gauge("latency_seconds", Map.of("service", "api"), 3, 1.5); // evaluates minute 2: both still firing
    emitted();
    gauge("latency_seconds", Map.of("service", "api"), 4, 0.5); // evaluates minute 3: critical resolves
    List<Alert> out = emitted();
    Alert critical = out.stream().filter(a -> "critical".equals(a.labels().get("severity"))).findFirst().orElseThrow();
    assertThat(critical.endsAt()).isEqualTo(T0 + 3 * MIN);
    assertThat(critical.annotations().get("summary")).isEqualTo("critical 3"); // its last firing value
    assertThat(out).filteredOn(a -> "warning".equals(a.labels().get("severity")))
        .extracting(Alert::endsAt).containsExactly(0L);
    gauge("latency_seconds", Map.of("service", "api"), 5, 0.5); // evaluates minute 4: warning resolves
    assertThat(emitted()).extracting(a -> a.labels().get("severity") + ": " + a.annotations().get("summary"))
        .containsExactly("warning: warning 1.5");
  }

  private MetricAggregate counterWindow(Map<String, String> labels, int minute, double increase) {
    return MetricAggregate.newBuilder().setMetric("http_requests_total").setLabels(labels)
        .setWindowStart(T0 + (minute - 1) * MIN).setWindowEnd(T0 + minute * MIN).setKind(AggregateKind.COUNTER)
        .setValue(increase).setCount((long) increase).build();
  }

  @Test
  void undecodableAggregateGoesToDeadLetter() {
    start(ERROR_RATIO);
    aggregates.pipeInput("k", new byte[] {1, 2, 3});
    var dlq = driver.createOutputTopic(Topics.DEAD_LETTER.name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer()).readRecordsToList();
    assertThat(dlq).hasSize(1);
    assertThat(dlq.get(0).value()).containsExactly(1, 2, 3);
    assertThat(DeadLetter.header(dlq.get(0).headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.AGGREGATES.name());
  }

  @Test
  void promqlAndBadFieldsAreRefusedNamingThem() {
    assertThatThrownBy(() -> RulesLoader.parse("groups: [{name: g, rules: [{alert: A, expr: 'up == 0'}]}]"))
        .hasMessageContaining("groups[0].rules[0].expr: PromQL is not evaluated");
    assertThatThrownBy(() -> RulesLoader.parse(
        "groups: [{name: g, rules: [{alert: A, condition: {value: x, when: 'big'}}]}]"))
        .hasMessageContaining("groups[0].rules[0] (A).condition.when");
  }
}

package io.eventpipe.alerting;

import io.eventpipe.alerting.rules.RuleGroup;
import io.eventpipe.alerting.rules.RulesLoader;
import io.eventpipe.events.AggregateKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.ClosedThrough;
import io.eventpipe.schemas.codec.EventCodec;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.config.ConfigFixtures;
import io.eventpipe.alerting.notify.DeliveryOutcome;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.NotificationSink;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole router topology with the wall clock advanced by hand: timers, routing, silences, inhibition, DLQ. */
class AlertRouterTopologyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CONFIG = """
      route:
        receiver: default
        group_by: [alertname]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 1h
        routes:
        - matchers: ['severity="critical"']
          receiver: pager
          continue: true
        - matchers: ['team="db"']
          receiver: db
          group_by: ['...']
      receivers:
      - name: default
        webhook_configs: [{url: 'http://127.0.0.1:1/default'}]
      - name: pager
        webhook_configs: [{url: 'http://127.0.0.1:1/pager'}]
      - name: db
        webhook_configs: [{url: 'http://127.0.0.1:1/db'}]
      inhibit_rules:
      - source_matchers: ['alertname="ServiceDown"']
        target_matchers: ['alertname="HighLatency"']
        equal: [service]
      """;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> alerts;
  private TestInputTopic<String, Silence> silences;
  private final List<Notification> delivered = new java.util.ArrayList<>();
  /** Receivers whose deliveries fail (the sink answers "failed" at once). */
  private final java.util.Set<String> failing = new java.util.HashSet<>();
  private final NotificationSink sink = (n, deadline, done) -> {
    if (failing.contains(n.receiver())) {
      done.accept(DeliveryOutcome.failed(n, "down"));
    } else {
      delivered.add(n);
      done.accept(DeliveryOutcome.delivered(n));
    }
  };

  private void start(String yaml) {
    start(yaml, List.of());
  }

  private void start(String yaml, List<RuleGroup> rules) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-router-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(AlertRouterTopology.build(new AlertRouterTopology.Config(
        ConfigFixtures.parse(yaml), rules, Duration.ofSeconds(1), sink)), props, T0);
    alerts = driver.createInputTopic(Topics.ALERTS.name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
    silences = driver.createInputTopic(Topics.SILENCES.name(), Serdes.String().serializer(),
        Json.serde(Silence.class).serializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private long now() {
    return T0.toEpochMilli() + elapsed;
  }

  private long elapsed;

  private void advance(Duration d) {
    elapsed += d.toMillis();
    driver.advanceWallClockTime(d);
  }

  private void push(Map<String, String> labels, long endsAt) {
    Alert a = new Alert(labels, Map.of("summary", "s"), now(), endsAt, "http://prom", now(), false);
    alerts.pipeInput(a.fingerprint(), Json.write(a));
  }

  private List<Notification> sent() {
    List<Notification> out = List.copyOf(delivered);
    delivered.clear();
    return out;
  }

  @Test
  void groupWaitThenGroupIntervalThenRepeat() {
    start(CONFIG);
    push(Map.of("alertname", "HighLatency", "service", "api"), 0);
    advance(Duration.ofSeconds(29));
    assertThat(sent()).isEmpty();
    advance(Duration.ofSeconds(1));
    List<Notification> first = sent();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).receiver()).isEqualTo("default");
    assertThat(first.get(0).groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
    assertThat(first.get(0).status()).isEqualTo("firing");

    push(Map.of("alertname", "HighLatency", "service", "web"), 0);
    advance(Duration.ofMinutes(4));
    assertThat(sent()).isEmpty();
    advance(Duration.ofMinutes(1));
    List<Notification> second = sent();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).alerts()).extracting(a -> a.labels().get("service")).containsExactly("api", "web");

    // unchanged: last sent at 5m30s; 1h later (65m30s) is not yet "before now - repeat", 70m30s is
    for (int i = 0; i < 12; i++) {
      advance(Duration.ofMinutes(5));
    }
    assertThat(sent()).isEmpty();
    advance(Duration.ofMinutes(5));
    assertThat(sent()).hasSize(1);
  }

  @Test
  void timeIntervalsMuteAndActivateRoutesAsAlertmanagerDoes() {
    // 2026-01-01 00:00 UTC is a Thursday, 01:00 in Berlin, and day 1 of the month (the maintenance window).
    start("""
        route:
          receiver: default
          group_by: [alertname]
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 1h
          routes:
          - matchers: ['severity="warning"']
            receiver: chat
            active_time_intervals: [office-hours]
          - matchers: ['severity="info"']
            receiver: chat
            mute_time_intervals: [maintenance]
        receivers:
        - name: default
          webhook_configs: [{url: 'http://127.0.0.1:1/default'}]
        - name: chat
          webhook_configs: [{url: 'http://127.0.0.1:1/chat'}]
        time_intervals:
        - name: office-hours
          time_intervals:
          - weekdays: ['monday:friday']
            times: [{start_time: '09:00', end_time: '17:30'}]
            location: Europe/Berlin
        - name: maintenance
          time_intervals:
          - days_of_month: ['1']
        """);
    push(Map.of("alertname", "Slow", "severity", "warning"), 0);
    push(Map.of("alertname", "Note", "severity", "info"), 0);
    push(Map.of("alertname", "Down"), 0);
    advance(Duration.ofSeconds(30));
    assertThat(sent()).extracting(n -> n.groupKey()).containsExactly("{}:{alertname=\"Down\"}");
    // Muted flushes send and log nothing; each waits a group_interval and tries again. Office hours start at 09:00
    // Berlin (08:00 UTC): the warning goes out at the first flush after that; the info stays muted all of day 1.
    List<Notification> later = new java.util.ArrayList<>();
    for (int i = 0; i < 8 * 12 + 2; i++) {
      advance(Duration.ofMinutes(5));
      later.addAll(sent());
    }
    assertThat(later).filteredOn(n -> n.receiver().equals("chat")).extracting(n -> n.groupKey())
        .containsOnly("{}/{severity=\"warning\"}:{alertname=\"Slow\"}");
    assertThat(later).filteredOn(n -> n.receiver().equals("chat")).first()
        .satisfies(n -> assertThat(now()).isGreaterThanOrEqualTo(T0.plus(Duration.ofHours(8)).toEpochMilli()));
  }

  @Test
  void resolvedWhenEndsAtPassesWithoutRefresh() {
    start(CONFIG);
    push(Map.of("alertname", "HighLatency", "service", "api"), now() + Duration.ofMinutes(2).toMillis());
    advance(Duration.ofSeconds(30));
    assertThat(sent()).extracting(Notification::status).containsExactly("firing");
    advance(Duration.ofMinutes(5));
    List<Notification> resolved = sent();
    assertThat(resolved).extracting(Notification::status).containsExactly("resolved");
    assertThat(resolved.get(0).alerts().get(0).status()).isEqualTo("resolved");
    advance(Duration.ofMinutes(5));
    assertThat(sent()).isEmpty();
  }

  @Test
  void continueAndNestedGroupByEllipsis() {
    start(CONFIG);
    push(Map.of("alertname", "DiskFull", "severity", "critical", "team", "db", "host", "h1"), 0);
    push(Map.of("alertname", "DiskFull", "severity", "critical", "team", "db", "host", "h2"), 0);
    advance(Duration.ofSeconds(30));
    List<Notification> out = sent();
    // pager groups by alertname (one group, 2 alerts); db groups by every label (two groups)
    assertThat(out).extracting(Notification::receiver).containsExactlyInAnyOrder("pager", "db", "db");
    assertThat(out.stream().filter(n -> n.receiver().equals("pager")).findFirst().orElseThrow().alerts()).hasSize(2);
  }

  @Test
  void silencedAlertIsNotifiedAfterTheSilenceEnds() {
    start(CONFIG);
    Silence s = new Silence("s1", List.of(new Silence.SilenceMatcher("service", "api", false, true)), now(),
        now() + Duration.ofMinutes(3).toMillis(), "me", "deploy", now());
    silences.pipeInput("s1", s);
    push(Map.of("alertname", "HighLatency", "service", "api"), 0);
    advance(Duration.ofSeconds(30));
    assertThat(sent()).isEmpty();
    advance(Duration.ofMinutes(5));
    assertThat(sent()).hasSize(1);
  }

  @Test
  void inhibitedWhileSourceFiresNotifiedAfterSourceResolves() {
    start(CONFIG);
    push(Map.of("alertname", "ServiceDown", "service", "api"), now() + Duration.ofMinutes(3).toMillis());
    push(Map.of("alertname", "HighLatency", "service", "api"), 0);
    push(Map.of("alertname", "HighLatency", "service", "web"), 0);
    advance(Duration.ofSeconds(30));
    List<Notification> first = sent();
    Notification latency = first.stream().filter(n -> n.groupLabels().get("alertname").equals("HighLatency"))
        .findFirst().orElseThrow();
    assertThat(latency.alerts()).extracting(a -> a.labels().get("service")).containsExactly("web");
    advance(Duration.ofMinutes(5));
    Notification after = sent().stream().filter(n -> n.groupLabels().get("alertname").equals("HighLatency"))
        .findFirst().orElseThrow();
    assertThat(after.alerts()).extracting(a -> a.labels().get("service")).containsExactly("api", "web");
  }

  @Test
  void resolvedAlertsAreDroppedFromTheAlertStateAfterRetention() {
    start(CONFIG);
    push(Map.of("alertname", "HighLatency", "service", "api"), now() + Duration.ofMinutes(1).toMillis());
    var state = driver.createOutputTopic(Topics.ALERT_STATE.name(), Serdes.String().deserializer(),
        Json.serde(Alert.class).deserializer());
    assertThat(state.readRecordsToList()).hasSize(1);
    advance(Duration.ofMinutes(15));
    assertThat(state.readRecordsToList()).isEmpty();
    advance(Duration.ofMinutes(2));
    var tombstones = state.readRecordsToList();
    assertThat(tombstones).hasSize(1);
    assertThat(tombstones.get(0).value()).isNull();
  }

  @Test
  void ruleAlertsFromAggregatesAreRoutedAndNotified() {
    start(CONFIG, RulesLoader.parse("""
        groups:
        - name: q
          rules:
          - alert: QueueBacklog
            condition: {value: celery_queue_length, over: 1m, when: '> 50'}
            labels: {severity: critical}
        """));
    var aggregates = driver.createInputTopic(Topics.AGGREGATES.name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
    var codec = EventCodec.of(EventTypes.AGGREGATE);
    for (int minute = 1; minute <= 2; minute++) {
      var a = MetricAggregate.newBuilder().setMetric("celery_queue_length")
          .setLabels(Map.of("queue_name", "images")).setWindowStart(now() + (minute - 1) * 60_000L)
          .setWindowEnd(now() + minute * 60_000L).setKind(AggregateKind.GAUGE).setValue(80)
          .setCount(1).build();
      aggregates.pipeInput(SeriesId.of(a), codec.encode(a));
      // The aggregator's closed-through mark: minute `minute` is complete (one writer, one partition here).
      var mark = ClosedThrough.mark(0, 1, 1, now() + minute * 60_000L, 60_000L);
      aggregates.pipeInput(ClosedThrough.KEY, codec.encode(mark));
    }
    advance(Duration.ofSeconds(30));
    List<Notification> out = sent();
    assertThat(out).extracting(Notification::receiver).containsExactly("pager"); // a matched child excludes the root
    assertThat(out.get(0).alerts().get(0).labels()).isEqualTo(Map.of("alertname", "QueueBacklog", "severity", "critical"));
  }

  @Test
  void invalidAlertGoesToDeadLetterWithReason() {
    start(CONFIG);
    alerts.pipeInput("k", "{not json".getBytes(StandardCharsets.UTF_8));
    alerts.pipeInput("k2", "{\"labels\":{},\"startsAt\":1}".getBytes(StandardCharsets.UTF_8));
    var dlq = driver.createOutputTopic(Topics.DEAD_LETTER.name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
    List<TestRecord<String, byte[]>> records = dlq.readRecordsToList();
    assertThat(records).hasSize(2);
    assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(DeadLetter.header(records.get(0).headers(), DeadLetter.REASON)).isEqualTo("invalid-alert");
    assertThat(DeadLetter.header(records.get(1).headers(), DeadLetter.DETAIL)).startsWith("labels:");
    assertThat(DeadLetter.header(records.get(1).headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.ALERTS.name());
  }

  @Test
  void failedDeliveryIsRetriedAtTheNextGroupIntervalAndLoggedOnlyOnceAccepted() {
    start(CONFIG);
    failing.add("default");
    push(Map.of("alertname", "HighLatency", "service", "api"), 0);
    advance(Duration.ofSeconds(30));
    assertThat(sent()).isEmpty(); // attempted and failed: nothing logged
    failing.clear();
    advance(Duration.ofMinutes(4));
    assertThat(sent()).isEmpty(); // retried at the next group_interval, not before
    advance(Duration.ofMinutes(1));
    assertThat(sent()).extracting(Notification::status).containsExactly("firing");
    advance(Duration.ofMinutes(5));
    assertThat(sent()).isEmpty(); // logged now: no repeat before repeat_interval
  }

  @Test
  void resolvedAlertIsKeptUntilItsResolvedNotificationIsAccepted() {
    start(CONFIG);
    push(Map.of("alertname", "HighLatency", "service", "api"), now() + Duration.ofMinutes(2).toMillis());
    advance(Duration.ofSeconds(30));
    assertThat(sent()).extracting(Notification::status).containsExactly("firing");
    failing.add("default");
    advance(Duration.ofMinutes(5)); // resolved by now; its notification fails
    assertThat(sent()).isEmpty();
    failing.clear();
    advance(Duration.ofMinutes(5));
    List<Notification> resolved = sent();
    assertThat(resolved).extracting(Notification::status).containsExactly("resolved");
    assertThat(resolved.get(0).alerts()).extracting(a -> a.labels().get("service")).containsExactly("api");
    advance(Duration.ofMinutes(5));
    assertThat(sent()).isEmpty();
  }

  @Test
  void groupWaitZeroFlushesOnTheNextTickWithoutWaitingForAScan() {
    start(CONFIG.replace("group_wait: 30s", "group_wait: 0s"));
    push(Map.of("alertname", "HighLatency", "service", "api"), 0);
    push(Map.of("alertname", "HighLatency", "service", "web"), 0);
    advance(Duration.ofSeconds(1));
    List<Notification> out = sent();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).alerts()).hasSize(2);
  }

  @Test
  void alertKeyedOtherwiseIsReKeyedByFingerprintAndRouted() {
    start(CONFIG);
    Alert a = new Alert(Map.of("alertname", "HighLatency", "service", "api"), Map.of(), now(), 0, "", now(), false);
    alerts.pipeInput("not-the-fingerprint", Json.write(a));
    advance(Duration.ofSeconds(30));
    assertThat(sent()).hasSize(1);
  }
}

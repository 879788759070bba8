package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.alerting.notify.DeliveryPolicy;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery under failing receivers, on a real broker with real local receivers: one that never answers delays
 * nobody else and is retried and dead-lettered per policy at every flush; one that answers 500 for an outage gets
 * everything exactly once when it recovers. The outage lasts {@code -Deventpipe.test.receiverOutage} (ISO-8601,
 * default 30 s; the 3 minutes is {@code PT3M}): the semantics are the same for any outage longer than a
 * few group_intervals and delivery deadlines (2 s and 10 s here).
 */
class DeliveryResilienceTest {
  private static final Duration GROUP_WAIT = Duration.ofSeconds(1);
  private static final Duration OUTAGE = Duration.parse(System.getProperty("eventpipe.test.receiverOutage", "PT30S"));

  @TempDir
  static Path dir;

  private static KafkaCluster kafka;
  private static RecordingServer receivers;
  private static HangingReceiver hanging;
  private static AlertRouterApp.Running router;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.start();
    receivers = new RecordingServer();
    hanging = new HangingReceiver();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route:
          receiver: ok
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 4h
          routes:
          - {matchers: ['alertname=~"Hang.*"'], receiver: hang}
          - {matchers: ['alertname=~"Outage.*"'], receiver: outage}
        receivers:
        - name: ok
          webhook_configs: [{url: '%s'}]
        - name: hang
          webhook_configs: [{url: '%s'}]
        - name: outage
          webhook_configs: [{url: '%s'}]
        """.formatted(receivers.url("/ok"), hanging.url(), receivers.url("/outage")));
    router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(), config, null).withHttpPort(0)
        .withApplicationId("alert-router-resilience").withStateDir(dir.resolve("state"))
        .withDelivery(new DeliveryPolicy(Duration.ofSeconds(2), 3, Duration.ofMillis(100), Duration.ofSeconds(1))));
    api = new ApiClient(router.apiUrl(), null);
  }

  @AfterAll
  static void stop() throws Exception {
    if (router != null) {
      router.close();
    }
    hanging.close();
    receivers.close();
    kafka.close();
  }

  /** Posts a firing alert that starts now. */
  private static void post(String alertname) {
    post(alertname, Instant.now(), null);
  }

  /**
   * Posts an alert; resolved when {@code endsAt} is not null. A resolution carries the alert's original startsAt, as
   * Prometheus sends it: a fresh startsAt could fall a millisecond after endsAt and be refused (400).
   */
  private static void post(String alertname, Instant startsAt, Instant endsAt) {
    String json = "[{\"labels\":{\"alertname\":\"" + alertname + "\"},\"startsAt\":\"" + startsAt + "\""
        + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}]";
    assertThat(api.send("POST", "/api/v2/alerts", json).statusCode()).isEqualTo(200);
  }

  private static List<RecordingServer.Request> delivered(String path, String alertname, String status) {
    return receivers.delivered(path).stream()
        .filter(r -> r.body().get("groupLabels").path("alertname").asText().equals(alertname))
        .filter(r -> r.body().get("status").asText().equals(status)).toList();
  }

  private static List<ConsumerRecord<String, byte[]>> deadLetters(String keyPart, int atLeast) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + keyPart + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.NOTIFICATION_DEAD_LETTER.name()));
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key().contains(keyPart)) {
            found.add(r);
          }
        });
        return found.size() >= atLeast;
      });
    }
    return found;
  }

  @Test
  void receiverThatNeverAnswersDelaysOnlyItselfAndIsRetriedAndDeadLettered() {
    for (int i = 1; i <= 3; i++) {
      post("Hang" + i);
    }
    Map<String, Long> postedAt = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      postedAt.put("Ok" + i, System.nanoTime());
      post("Ok" + i);
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> postedAt.keySet().stream().allMatch(a -> delivered("/ok", a, "firing").size() == 1));
    postedAt.forEach((alertname, posted) -> {
      long delayMs = (delivered("/ok", alertname, "firing").get(0).receivedAtNanos() - posted) / 1_000_000;
      assertThat(delayMs).as(alertname + " post -> receiver (ms)").isLessThanOrEqualTo(GROUP_WAIT.toMillis() + 1000);
    });

    // each hanging group: 3 attempts of 2 s, then a dead letter, then again at the next flush
    List<ConsumerRecord<String, byte[]>> dead = deadLetters("Hang", 6);
    assertThat(dead).allSatisfy(r -> {
      assertThat(DeadLetter.header(r.headers(), DeadLetter.REASON)).isEqualTo("delivery-failed");
      assertThat(DeadLetter.header(r.headers(), DeadLetter.DETAIL)).contains("timed out after 2000 ms");
    });
    assertThat(dead.stream().map(ConsumerRecord::key).distinct()).hasSize(3);
    assertThat(hanging.connections()).isGreaterThanOrEqualTo(3);
    assertThat(router.metrics().scrape()).containsPattern(
        "alert_router_notification_queue_depth\\{index=\"0\",integration=\"webhook\",receiver=\"hang\"} [1-9]");

    // nothing stopped: the healthy receiver still gets new alerts, and the instance is ready
    long posted = System.nanoTime();
    post("OkAfter");
    await().atMost(Duration.ofSeconds(30)).until(() -> delivered("/ok", "OkAfter", "firing").size() == 1);
    assertThat((delivered("/ok", "OkAfter", "firing").get(0).receivedAtNanos() - posted) / 1_000_000)
        .isLessThanOrEqualTo(GROUP_WAIT.toMillis() + 1000);
    assertThat(api.send("GET", "/-/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void receiverFailingForAnOutageGetsEverythingOnceAfterItRecovers() {
    Instant resolvedStartsAt = Instant.now();
    post("OutageResolved", resolvedStartsAt, null);
    await().atMost(Duration.ofSeconds(30)).until(() -> delivered("/outage", "OutageResolved", "firing").size() == 1);

    long recoveredAt = receivers.failFor("/outage", OUTAGE);
    post("OutageA");
    post("OutageB");
    post("OutageResolved", resolvedStartsAt, Instant.now());
    // during the outage every flush attempts, fails and dead-letters; nothing is accepted
    deadLetters("OutageA", 2);
    assertThat(receivers.all("/outage").stream().filter(r -> r.status() == 500).count()).isGreaterThanOrEqualTo(6);

    await().atMost(OUTAGE.plusSeconds(60)).until(() -> delivered("/outage", "OutageA", "firing").size() == 1
        && delivered("/outage", "OutageB", "firing").size() == 1
        && delivered("/outage", "OutageResolved", "resolved").size() == 1);
    // several group_intervals later: still exactly once each
    await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).until(() ->
        delivered("/outage", "OutageA", "firing").size() == 1 && delivered("/outage", "OutageB", "firing").size() == 1
            && delivered("/outage", "OutageResolved", "resolved").size() == 1
            && delivered("/outage", "OutageResolved", "firing").size() == 1);
    assertThat(receivers.delivered("/outage")).hasSize(4);
    assertThat(receivers.delivered("/outage").subList(1, 4))
        .allSatisfy(r -> assertThat(r.receivedAtNanos()).isGreaterThanOrEqualTo(recoveredAt));
    assertThat(delivered("/outage", "OutageResolved", "resolved").get(0).body().get("alerts")).hasSize(1);
  }
}

package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One lane with integrations that throw, block or keep failing: every submission is answered once, at once when it
 * cannot be queued, and the lane goes on.
 */
class DeliveryLaneTest {
  private static KafkaCluster kafka;
  private static NotificationDeadLetters deadLetters;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.start();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(List.of(Topics.NOTIFICATION_DEAD_LETTER));
    }
    deadLetters = NotificationDeadLetters.connect(kafka.bootstrapServers(), Map.of());
  }

  @AfterAll
  static void stop() {
    deadLetters.close();
    kafka.close();
  }

  private static Notification notification(String id) {
    return new Notification(id, "g", "{}:{}", "r", 0, "webhook", "firing", Map.of(), Map.of(), Map.of(), List.of(),
        1);
  }

  private static DeliveryLane lane(Integration integration, DeliveryPolicy policy) {
    return new DeliveryLane("r", 0, integration, policy, new NotifierMetrics(new SimpleMeterRegistry()), deadLetters,
        System::currentTimeMillis);
  }

  @Test
  void integrationThatThrowsNeverEndsTheLane() {
    AtomicInteger calls = new AtomicInteger();
    Integration flaky = n -> {
      switch (calls.incrementAndGet()) {
        case 1 -> throw new IllegalStateException("bug in a template");
        case 2 -> throw new StackOverflowError();
        default -> { }
      }
    };
    List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    try (DeliveryLane lane = lane(flaky, new DeliveryPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(10),
        Duration.ofMillis(10), 1, 10))) {
      long deadline = System.currentTimeMillis() + 10_000;
      for (String id : List.of("a", "b", "c")) {
        lane.submit(notification(id), deadline, outcomes::add);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 3);
      assertThat(outcomes).extracting(o -> o.notification().id() + ":" + o.delivered())
          .containsExactly("a:false", "b:false", "c:true");
      assertThat(outcomes.get(0).error()).contains("bug in a template");
      assertThat(lane.depth()).isZero();
    }
  }

  @Test
  void fullQueueIsAnsweredAtOnceAndTheQueuedOnesStillGo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Integration slow = n -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    try (DeliveryLane lane = lane(slow, new DeliveryPolicy(Duration.ofSeconds(1), 1, Duration.ofMillis(10),
        Duration.ofMillis(10), 1, 1))) {
      long deadline = System.currentTimeMillis() + 10_000;
      lane.submit(notification("in-delivery"), deadline, outcomes::add);
      await().atMost(Duration.ofSeconds(5)).until(() -> lane.depth() == 1 && lane.oldestUndeliveredSeconds() >= 0);
      Thread.sleep(50); // let the worker take the first one, so the queue (capacity 1) is empty again
      lane.submit(notification("queued"), deadline, outcomes::add);
      lane.submit(notification("overflow"), deadline, outcomes::add);
      assertThat(outcomes).extracting(o -> o.notification().id() + ":" + o.delivered())
          .containsExactly("overflow:false");
      assertThat(outcomes.get(0).error()).contains("is full");
      assertThat(lane.depth()).isEqualTo(2);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 3);
      assertThat(outcomes.subList(1, 3)).extracting(o -> o.notification().id() + ":" + o.delivered())
          .containsExactly("in-delivery:true", "queued:true");
    }
  }

  @Test
  void retriesStopWhereTheNextWaitWouldPassTheDeadline() {
    AtomicInteger attempts = new AtomicInteger();
    Integration down = n -> {
      attempts.incrementAndGet();
      throw new DeliveryException("webhook: unexpected status 503", true, null, null);
    };
    List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    try (DeliveryLane lane = lane(down, new DeliveryPolicy(Duration.ofSeconds(1), 10, Duration.ofMillis(200),
        Duration.ofMillis(200), 1, 10))) {
      // waits of 160-240 ms: 3 attempts fit in 700 ms, a 4th wait would not
      lane.submit(notification("x"), System.currentTimeMillis() + 700, outcomes::add);
      await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 1);
      assertThat(outcomes.get(0).delivered()).isFalse();
      assertThat(attempts.get()).isBetween(2, 4);
    }
  }

  @Test
  void deadLettersNeverHoldTheLaneWhileKafkaIsAway() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    try (NotificationDeadLetters unreachable = NotificationDeadLetters.connect("127.0.0.1:" + closedPort, Map.of());
        DeliveryLane lane = new DeliveryLane("r", 0, n -> {
          throw new DeliveryException("webhook: unexpected status 400", false, null, null);
        }, new DeliveryPolicy(Duration.ofSeconds(1), 1, Duration.ofMillis(10), Duration.ofMillis(10), 1, 10),
            new NotifierMetrics(new SimpleMeterRegistry()), unreachable, System::currentTimeMillis)) {
      long deadline = System.currentTimeMillis() + 60_000;
      lane.submit(notification("first"), deadline, outcomes::add);
      lane.submit(notification("second"), deadline, outcomes::add);
      // a dead-letter write waits up to 5 s for metadata; the lane must not wait for it
      await().atMost(Duration.ofSeconds(3)).until(() -> outcomes.size() == 2);
      assertThat(outcomes).extracting(DeliveryOutcome::delivered).containsExactly(false, false);
    }
  }
}

package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.metrics.ClosedThrough;
import io.eventpipe.schemas.metrics.MetricNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An hour of history written before the aggregator starts: 40,000 requests, at least 80% of them on one partition,
 * plus sparse activity and queue samples over the same hour. Every (series, minute) window on aggregates.1m must
 * equal the truth exactly and appear once, with one instance, across a kill -9 mid-backlog, and with two instances.
 */
class BacklogWindowsTest {
  private static final Logger LOG = LoggerFactory.getLogger(BacklogWindowsTest.class);
  private static final long MIN = 60_000;
  private static final long START = Events.RECENT - 60 * MIN;
  private static final long END = Events.RECENT;
  private static final int REQUESTS = 40_000;

  @TempDir
  Path dir;
  private KafkaCluster kafka;
  /** Truth: series id and window start to the requests counted there. */
  private final Map<String, Long> requestWindows = new TreeMap<>();
  /** Truth: queue series id and window start to the newest length in that window. */
  private final Map<String, Double> queueWindows = new TreeMap<>();

  @BeforeEach
  void publishTheHour() throws Exception {
    kafka = KafkaClusters.start();
    Inputs.createTopics(kafka.bootstrapServers());
    Random random = new Random(8);
    List<SpecificRecord> events = new ArrayList<>();
    String[] routes = {"/users/{id}", "/orders", "/images/{id}", "/health"};
    int[] statuses = {200, 200, 200, 201, 404, 500, 503};
    for (int i = 0; i < REQUESTS; i++) {
      long t = START + (long) i * (END - START) / REQUESTS;
      // 85% from one busy instance: its key, hence its partition, carries most of the hour.
      String instance = random.nextDouble() < 0.85 ? "busy" : "quiet-" + random.nextInt(12);
      RequestEvent e = Events.request(t, random.nextBoolean() ? "GET" : "POST", routes[random.nextInt(routes.length)],
          statuses[random.nextInt(statuses.length)], random.nextDouble() * 2, null);
      e.getSource().setInstance(instance);
      events.add(e);
      String series = SeriesId.of(MetricNames.HTTP_REQUESTS, Map.of("service", "api", "method", e.getMethod(),
          "endpoint", e.getRoute(), "status", Integer.toString(e.getStatusCode())));
      requestWindows.merge(series + "@" + (t - Math.floorMod(t, MIN)), 1L, Long::sum);
    }
    for (long t = START; t < END; t += 15_000) {
      for (String queue : List.of("images", "video")) {
        long length = Math.floorMod(t / 1000 + queue.length(), 97);
        events.add(Events.queue(t + queue.length(), queue, length, 2));
        queueWindows.put(SeriesId.of(MetricNames.QUEUE_LENGTH, Map.of("queue_name", queue)) + "@"
            + (t - Math.floorMod(t, MIN)), (double) length);
      }
    }
    for (long t = START; t < END; t += 45_000) {
      events.add(Events.activity(t, "u" + (t / 45_000) % 50, "free", ActivityAction.PAGE_VIEW));
    }
    try (Inputs inputs = new Inputs(kafka.bootstrapServers())) {
      inputs.sendAll(events);
    }
    long busy = events.stream().filter(e -> e instanceof RequestEvent r && partition(r) == partition("busy")).count();
    LOG.info("{} events; {} of {} requests on the busy partition", events.size(), busy, REQUESTS);
    assertThat(busy).isGreaterThanOrEqualTo(REQUESTS * 8 / 10);
  }

  @AfterEach
  void stop() {
    kafka.close();
  }

  private static int partition(RequestEvent e) {
    return partition(e.getSource().getInstance());
  }

  private static int partition(String instance) {
    RequestEvent e = Events.request(0, "GET", "/", 200, 0, null);
    e.getSource().setInstance(instance);
    String key = EventTypes.REQUEST.key().apply(e);
    return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        % EventTypes.REQUEST.topic().partitions();
  }

  /**
   * After the backlog every partition is silent, and the last minutes close by the idle rule: a 10 s idle timeout
   * (the --idle-timeout flag) keeps the test short; nothing else depends on it.
   */
  private static final Duration IDLE = Duration.ofSeconds(10);

  private AggregatorConfig config(String id, Path state) {
    return AggregatorConfig.defaults(kafka.bootstrapServers()).withApplicationId(id).withStateDir(state)
        .withMetricsPort(0).withIdleTimeout(IDLE);
  }

  @Test
  void oneInstancePublishesEveryWindowOnceWithItsExactValue() {
    try (AggregatorApp app = AggregatorApp.start(config("backlog-one", dir.resolve("one")))) {
      assertExactWindows(Aggregates.readUntilComplete(kafka.bootstrapServers(), END, Duration.ofMinutes(4)));
    }
  }

  @Test
  void killedMidBacklogAndRestartedEveryWindowIsStillPublishedOnceAndExact() throws Exception {
    int port = PrometheusServer.freePort();
    Path state = dir.resolve("crash");
    ChildAggregator first = new ChildAggregator(kafka.bootstrapServers(), port, state, "backlog-crash",
        dir.resolve("first.log"), IDLE);
    try {
      // Mid-backlog: some windows are published (committed), the rest are still open in the stores.
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
          .until(() -> Aggregates.readAll(kafka.bootstrapServers()).stream()
              .anyMatch(a -> a.getRecordKind() == AggregateRecordKind.WINDOW));
    } finally {
      first.kill();
    }
    long before = Aggregates.readAll(kafka.bootstrapServers()).stream()
        .filter(a -> a.getRecordKind() == AggregateRecordKind.WINDOW).count();
    LOG.info("killed (kill -9) with {} windows committed", before);
    ChildAggregator second = new ChildAggregator(kafka.bootstrapServers(), port, state, "backlog-crash",
        dir.resolve("second.log"), IDLE);
    try {
      assertExactWindows(Aggregates.readUntilComplete(kafka.bootstrapServers(), END, Duration.ofMinutes(4)));
    } finally {
      second.kill();
    }
  }

  @Test
  void twoInstancesPublishEveryWindowOnceWithItsExactValue() {
    try (AggregatorApp a = AggregatorApp.start(config("backlog-pair", dir.resolve("a")));
        AggregatorApp b = AggregatorApp.start(config("backlog-pair", dir.resolve("b")))) {
      assertExactWindows(Aggregates.readUntilComplete(kafka.bootstrapServers(), END, Duration.ofMinutes(4)));
    }
  }

  private void assertExactWindows(List<MetricAggregate> records) {
    assertThat(records).noneMatch(a -> a.getRecordKind() == AggregateRecordKind.CORRECTION);
    List<MetricAggregate> windows = records.stream().filter(a -> a.getRecordKind() == AggregateRecordKind.WINDOW)
        .filter(a -> a.getWindowStart() < END).toList();
    assertThat(windows).extracting(a -> SeriesId.of(a) + "@" + a.getWindowStart())
        .as("one record per series per window").doesNotHaveDuplicates();
    Map<String, Long> requests = windows.stream().filter(a -> a.getMetric().equals(MetricNames.HTTP_REQUESTS))
        .collect(Collectors.toMap(a -> SeriesId.of(a) + "@" + a.getWindowStart(), a -> (long) a.getValue(),
            Long::sum, TreeMap::new));
    assertThat(requests).as("http_requests_total per series and minute").isEqualTo(requestWindows);
    Map<String, Double> queues = windows.stream().filter(a -> a.getMetric().equals(MetricNames.QUEUE_LENGTH))
        .collect(Collectors.toMap(a -> SeriesId.of(a) + "@" + a.getWindowStart(), MetricAggregate::getValue,
            (x, y) -> x, TreeMap::new));
    assertThat(queues).as("celery_queue_length per queue and minute").isEqualTo(queueWindows);
    assertThat(records).filteredOn(ClosedThrough::isMark).isNotEmpty();
    LOG.info("{} windows, {} request windows, all exact", windows.size(), requests.size());
  }
}

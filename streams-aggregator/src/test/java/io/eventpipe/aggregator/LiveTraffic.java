package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.events.Source;
import io.eventpipe.producers.EventPublisher;
import io.eventpipe.producers.PublisherConfig;
import io.eventpipe.producers.PublisherStats;
import io.eventpipe.producers.simulator.SimRecord;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.SimulationRun;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.producers.truth.TruthAccumulator;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

/**
 * Live traffic for fault tests, running until {@link #finish}: the traffic simulator paced at {@link #RATE} events/s,
 * and beside it a service publishing requests through the producers' {@link EventPublisher}, paced alike with event
 * times on the simulator's clock (so every input partition sees event time advance together, well within the grace).
 * Tests inject faults at counts of acknowledged records ({@link #awaitDelivered}), so each fault is mid-run however
 * slow the machine; {@link #finish} checks that neither source lost anything and returns the truth of both.
 */
final class LiveTraffic {
  static final double RATE = 150;
  /** Acknowledged simulated events between one fault step of a test and the next. */
  static final int STEP = 700;
  /** The simulator's usual start less 10 s: a run of over 10 s spans two windows. */
  static final long START_MS = Simulation.START_MS - 10_000;
  /**
   * The aggregator's --idle-timeout in these tests: after the traffic the last minute closes by the idle rule. It
   * must exceed the time a killed leader's partitions receive nothing (the cluster fences a dead broker after its
   * 6 s session timeout, then producers retry onto the new leader): with 10 s a loaded machine could close a window
   * of such a partition before its buffered records arrive, and they would be counted as late.
   */
  static final Duration IDLE = Duration.ofSeconds(20);
  private static final int PUBLISHED_EVERY = 3;
  private static final String[] ROUTES = {"/checkout", "/cart/{id}"};
  private static final int[] STATUSES = {200, 200, 201, 400, 502};

  private final SimulationConfig config;
  private final SimulationRun simulation;
  private final EventPublisher publisher;
  private final Thread publishing;
  private final Random random;
  private final List<RequestEvent> published = new ArrayList<>();
  private volatile boolean stopping;

  private LiveTraffic(String bootstrap, long seed) {
    config = SimulationConfig.defaults(seed).withStartMs(START_MS).withRate(RATE).withBadRatio(0.001).withPace(true);
    publisher = new EventPublisher(PublisherConfig.of(bootstrap), new SimpleMeterRegistry());
    random = new Random(seed);
    simulation = Simulator.start(config, bootstrap);
    publishing = new Thread(this::publish, "live-traffic-publisher");
    publishing.start();
  }

  /** Starts both sources; they run until {@link #finish}. */
  static LiveTraffic start(String bootstrap, long seed) {
    return new LiveTraffic(bootstrap, seed);
  }

  /** Paced like the simulator: event i has the simulator's event time of record 3i and goes out when that is due. */
  private void publish() {
    long wallStart = System.nanoTime();
    for (int i = 0; !stopping; i++) {
      long due = wallStart + (long) (i * PUBLISHED_EVERY * 1e9 / RATE);
      for (long wait = due - System.nanoTime(); wait > 0 && !stopping; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long t = START_MS + (long) Math.floor(i * PUBLISHED_EVERY * 1000.0 / RATE);
      RequestEvent e = Events.request(t, "POST", ROUTES[random.nextInt(ROUTES.length)],
          STATUSES[random.nextInt(STATUSES.length)], random.nextDouble(), null);
      e.setSource(new Source("checkout", "checkout-" + random.nextInt(4)));
      published.add(e);
      publisher.record(EventTypes.REQUEST, e); // a refusal shows in the stats finish() checks
    }
  }

  /** Records the broker has acknowledged to the simulator so far. */
  long delivered() {
    return simulation.delivered();
  }

  /** Waits until the simulator's acknowledged count satisfies {@code condition}; fails if the run ends first. */
  void awaitDelivered(LongPredicate condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(simulation.delivered())) {
      if (simulation.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError("simulator at " + simulation.delivered() + " acknowledged records, done: "
            + simulation.isDone());
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /**
   * Stops both sources and waits for what they sent; asserts that the simulator's acknowledged records are exactly
   * its first N (N the number acknowledged: none missing) and that the publisher sent every event it was given.
   * Returns the truth of everything sent.
   */
  Truths finish() throws InterruptedException {
    stopping = true;
    GroundTruth acknowledged = simulation.stop();
    publishing.join();
    publisher.close();
    SimulationConfig sent = config.withCount(acknowledged.totalRecords());
    assertThat(acknowledged).as("simulator: the records acknowledged are its first " + acknowledged.totalRecords())
        .isEqualTo(Simulator.expectedTruth(sent));
    PublisherStats stats = publisher.stats();
    assertThat(stats).as("publisher: every event sent, none dropped or failed")
        .isEqualTo(new PublisherStats(published.size(), published.size(), 0, published.size(), 0));

    TruthAccumulator all = new TruthAccumulator();
    Map<Long, TruthAccumulator> minutes = new TreeMap<>();
    EventCodec<RequestEvent> requests = EventCodec.of(EventTypes.REQUEST);
    long end = START_MS;
    for (SimRecord r : Simulator.records(sent).toList()) {
      all.add(r.topic().name(), r.value());
      if (!r.injectedBad()) {
        long t = (Long) r.event().get(r.event().getSchema().getField("event_time").pos());
        minutes.computeIfAbsent(t - Math.floorMod(t, 60_000L), m -> new TruthAccumulator())
            .add(r.topic().name(), r.value());
        end = Math.max(end, t);
      }
    }
    for (RequestEvent e : published) {
      byte[] value = requests.encode(e);
      all.add(EventTypes.REQUEST.topic().name(), value);
      long t = e.getEventTime();
      minutes.computeIfAbsent(t - Math.floorMod(t, 60_000L), m -> new TruthAccumulator())
          .add(EventTypes.REQUEST.topic().name(), value);
    }
    Map<String, Long> windows = new TreeMap<>();
    minutes.forEach((minute, truth) -> truth.truth(config.seed(), minute, minute + 60_000).counters()
        .forEach((series, v) -> {
          if (series.startsWith(MetricNames.HTTP_REQUESTS + "{")) {
            windows.put(series + "@" + minute, v.longValue());
          }
        }));
    long lastWindowEnd = end - Math.floorMod(end, 60_000L) + 60_000L;
    return new Truths(all.truth(config.seed(), START_MS, end + 1), windows, lastWindowEnd);
  }

  /**
   * What was sent: the ground truth of all of it, http_requests_total per "series@window start", and the end of
   * the last window holding an event.
   */
  record Truths(GroundTruth total, Map<String, Long> requestWindows, long lastWindowEnd) {}
}

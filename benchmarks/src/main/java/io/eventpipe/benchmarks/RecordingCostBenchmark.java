package io.eventpipe.benchmarks;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.EventPublisher;
import io.eventpipe.producers.PublisherConfig;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What recording one request costs on the caller's thread: an event through {@link EventPublisher} (build the
 * event, encode Avro, offer to the buffer; a live embedded broker drains it) side by side with what in-process
 * instrumentation costs (a Micrometer counter + timer update with the same labels, looked up per request as
 * HTTP instrumentation does, and with pre-resolved meters as the cheapest possible case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordingCostBenchmark {
  private EmbeddedKafkaBroker broker;
  private EventPublisher publisher;
  private MeterRegistry registry;
  private Counter cachedCounter;
  private Timer cachedTimer;
  private long i;

  @Setup(Level.Trial)
  public void start() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(List.of(Topics.REQUESTS));
    }
    registry = new SimpleMeterRegistry();
    publisher = new EventPublisher(PublisherConfig.of(broker.bootstrapServers()).withBufferCapacity(1_000_000), registry);
    cachedCounter = Counter.builder("http_requests_total").tags("service", "api", "method", "GET",
        "endpoint", "/users/{id}", "status", "200").register(registry);
    cachedTimer = Timer.builder("http_request_duration_seconds").tags("service", "api", "method", "GET",
        "endpoint", "/users/{id}").register(registry);
  }

  @TearDown(Level.Trial)
  public void stop() {
    publisher.close();
    System.out.println("\npublisher accounting: " + publisher.stats());
    broker.close();
  }

  @Benchmark
  public boolean eventPublisherRecord() {
    return publisher.record(EventTypes.REQUEST, SampleRequests.request(i++));
  }

  @Benchmark
  public void micrometerCounterAndTimerLookedUp(Blackhole bh) {
    RequestEvent r = SampleRequests.request(i++);
    registry.counter("http_requests_total", "service", "api", "method", r.getMethod(), "endpoint", r.getRoute(),
        "status", Integer.toString(r.getStatusCode())).increment();
    registry.timer("http_request_duration_seconds", "service", "api", "method", r.getMethod(), "endpoint", r.getRoute())
        .record(Duration.ofNanos((long) (r.getDurationSeconds() * 1e9)));
    bh.consume(r);
  }

  @Benchmark
  public void micrometerCounterAndTimerCached(Blackhole bh) {
    cachedCounter.increment();
    cachedTimer.record(Duration.ofNanos(1_000_000 + (i++ % 1000)));
    bh.consume(i);
  }
}

package io.eventpipe.benchmarks;

import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.events.Source;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load harness for the aggregator, on one embedded broker:
 * <ol>
 *   <li>the simulator writes N events (all input topics) as fast as the broker takes them;</li>
 *   <li>baseline ({@link BareConsumeLoop}): a bare loop that consumes the same topics and decodes every record
 *       (the least any consumer of these events must do), events/s;</li>
 *   <li>the aggregator in its own JVM ({@code AggregatorMain}, exactly-once, every family) from its first input
 *       record until /metrics shows every request of the ground truth (so the downstream half is included), events/s,
 *       and its peak RSS (VmHWM);</li>
 *   <li>both rates also over the steady part of the run: from 40% of the input read to the end (for the aggregator:
 *       until the last request is on /metrics), which leaves out most of a fresh JVM's JIT warm-up;</li>
 *   <li>freshness: with the aggregator caught up, single request events with a new label value are produced and
 *       /metrics is polled every 5 ms until the series appears; p50/p99 of produce → visible.</li>
 * </ol>
 * Usage: {@code AggregatorBenchmark [events, default 500000] [latency probes, default 100] [custom]}; with
 * {@code -Dbench.jfr=FILE} the aggregator process records a JFR profile (execution samples) of the run to FILE;
 * {@code -Dbench.aggregator.opts="-XX:... -XX:..."} adds JVM options to the aggregator process (to try JIT or GC settings;
 * with {@code scripts/bench.sh}, set {@code BENCH_AGGREGATOR_OPTS} instead, which passes them as one property).
 * With {@code custom} the simulator also writes custom events (events.custom), and steps 3 and 4 run twice on the
 * same input, side by side: with the default metrics.yml, then with it plus the ten custom families of
 * {@code bench/ten-custom-families.yml} (what user-defined families cost next to the built-in ones).
 */
public final class AggregatorBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern INPUT = Pattern.compile("(?m)^eventpipe_aggregator_input_records_total(?:\\{[^}]*})? ([0-9.eE+]+)");

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean custom = args.length > 2 && args[2].equals("custom");
    if (args.length > 2 && !custom) {
      throw new IllegalArgumentException("third argument: expected \"custom\", got " + args[2]);
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        new TopicCreator(admin).createMissing(Topics.ALL);
      }
      long t0 = System.nanoTime();
      // 1,000 events/s of event time, ending a minute ago at the latest: events in the future beyond the allowed skew
      // would be dead-lettered and never match the ground truth.
      long span = Math.max(3_600_000, events + 60_000L);
      GroundTruth truth = Simulator.send(SimulationConfig.defaults(7)
          .withStartMs(System.currentTimeMillis() - span).withRate(1000).withCount((long) events).withPace(false)
          .withCustomEvents(custom), broker.bootstrapServers());
      double requests = truth.counters().entrySet().stream()
          .filter(e -> e.getKey().startsWith("http_requests_total{")).mapToDouble(Map.Entry::getValue).sum();
      System.out.printf("simulator wrote %,d events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);

      BareConsumeLoop.Rate bare = BareConsumeLoop.run(broker.bootstrapServers(), events);
      System.out.printf("baseline consume+decode: %,.0f events/s; steady (the last %.0f%%): %,.0f events/s%n",
          bare.whole(), 100 * (1 - BareConsumeLoop.STEADY_FROM), bare.steady());
      run("default metrics.yml", broker, null, events, requests, bare, probes, System.getProperty("bench.jfr"));
      if (custom) {
        Path file = Files.createTempFile("metrics-plus-ten-custom", ".yml");
        Files.writeString(file, defaultPlusTenCustom());
        run("default metrics.yml + 10 custom families", broker, file, events, requests, bare, probes,
            System.getProperty("bench.jfr.custom"));
      }
    }
  }

  /** The shipped metrics.yml with the ten custom families appended to its list. */
  private static String defaultPlusTenCustom() throws Exception {
    String builtIn = resource(MetricDefinitions.BUILT_IN);
    String extra = resource("bench/ten-custom-families.yml");
    return builtIn + "\n" + extra.substring(extra.indexOf("families:\n") + "families:\n".length());
  }

  private static String resource(String name) throws Exception {
    try (var in = AggregatorBenchmark.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource not on the classpath: " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Steps 3 and 4 for one aggregator process (its own application id, so it reads the input from the start), with
   * the shipped families or those of {@code metricsFile}; a JFR profile to {@code jfr} when not null.
   */
  private static void run(String label, EmbeddedKafkaBroker broker, Path metricsFile, int events, double requests,
      BareConsumeLoop.Rate bare, int probes, String jfr) throws Exception {
    int port = freePort();
    Path state = Files.createTempDirectory("aggregator-bench");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g"));
    String opts = System.getProperty("bench.aggregator.opts", "").trim();
    if (!opts.isEmpty()) {
      command.addAll(List.of(opts.split("\\s+")));
    }
    if (jfr != null) {
      command.add("-XX:FlightRecorderOptions=stackdepth=256");
      command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.eventpipe.aggregator.AggregatorMain",
        broker.bootstrapServers(), Integer.toString(port), state.toString(), "bench-" + UUID.randomUUID()));
    if (metricsFile != null) {
      command.addAll(List.of(Long.toString(AggregatorConfig.defaults("-").idleTimeout().toMillis()),
          metricsFile.toString()));
    }
    Process aggregator = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String metrics = "http://127.0.0.1:" + port + "/metrics";
      waitUntil(() -> input(metrics) >= 0, Duration.ofMinutes(2));
      // Poll four times a second: a scrape reads all of the aggregator's stores (a few hundred series), cheap
      // next to the run, and a coarser poll would blur a run of a few seconds.
      long start = System.nanoTime();
      while (input(metrics) <= 0) {
        start = System.nanoTime();
        Thread.sleep(50);
      }
      long steadyStart = 0;
      double exported;
      double before = -1;
      long movedAt = System.nanoTime();
      while ((exported = requestsExported(metrics)) < requests) {
        if (steadyStart == 0 && input(metrics) >= BareConsumeLoop.STEADY_FROM * events) {
          steadyStart = System.nanoTime();
        }
        if (exported != before) {
          before = exported;
          movedAt = System.nanoTime();
        } else if (System.nanoTime() - movedAt > 60_000_000_000L) {
          throw new IllegalStateException("/metrics stopped at " + exported + " of " + requests + " requests for 60 s");
        }
        Thread.sleep(250);
      }
      long end = System.nanoTime();
      double rate = events / ((end - start) / 1e9);
      // NaN when the run was too short for a poll to see it between 40% and the end
      double steady = steadyStart == 0 ? Double.NaN
          : events * (1 - BareConsumeLoop.STEADY_FROM) / ((end - steadyStart) / 1e9);
      System.out.printf("aggregator (exactly_once_v2, %s): %,.0f events/s = %.2f of the baseline; steady (the last "
          + "%.0f%% of the input until the last request is on /metrics): %,.0f events/s = %.2f of the baseline's "
          + "steady rate; peak RSS %d MiB%n",
          label, rate, rate / bare.whole(), 100 * (1 - BareConsumeLoop.STEADY_FROM), steady, steady / bare.steady(),
          vmHwmKib(aggregator.pid()) / 1024);

      List<Long> delays = freshness(broker.bootstrapServers(), metrics, probes);
      Collections.sort(delays);
      System.out.printf("produce -> visible on /metrics over %d probes: p50 %d ms, p99 %d ms, max %d ms%n",
          probes, delays.get(delays.size() / 2), delays.get((int) Math.ceil(delays.size() * 0.99) - 1),
          delays.get(delays.size() - 1));
      System.out.printf("peak RSS of the aggregator process after the run: %d MiB%n", vmHwmKib(aggregator.pid()) / 1024);
    } finally {
      aggregator.destroy();
      aggregator.waitFor();
    }
  }

  static List<Long> freshness(String bootstrap, String metrics, int probes) throws Exception {
    EventCodec<RequestEvent> codec = EventCodec.of(EventTypes.REQUEST);
    List<Long> delays = new ArrayList<>();
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 0);
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < probes; i++) {
        String service = "probe-" + i;
        RequestEvent event = RequestEvent.newBuilder().setEventId(UUID.randomUUID().toString())
            .setEventTime(System.currentTimeMillis()).setSource(new Source(service, service + "-0")).setMethod("GET")
            .setRoute("/probe").setStatusCode(200).setDurationSeconds(0.01).build();
        long sent = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), service, codec.encode(event))).get();
        String needle = "service=\"" + service + "\"";
        while (!get(metrics).contains(needle)) {
          Thread.sleep(5);
          if (System.nanoTime() - sent > 60_000_000_000L) {
            throw new IllegalStateException(service + " never appeared on /metrics");
          }
        }
        delays.add((System.nanoTime() - sent) / 1_000_000);
      }
    }
    return delays;
  }

  private static final Pattern REQUESTS = Pattern.compile("(?m)^http_requests_total\\{.*} ([0-9.eE+]+)$");

  /** The sum of http_requests_total over every series on /metrics. */
  private static double requestsExported(String metrics) {
    try {
      Matcher m = REQUESTS.matcher(get(metrics));
      double sum = 0;
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
      return sum;
    } catch (Exception e) {
      return -1;
    }
  }

  private static long input(String metrics) {
    try {
      Matcher m = INPUT.matcher(get(metrics));
      return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static long vmHwmKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

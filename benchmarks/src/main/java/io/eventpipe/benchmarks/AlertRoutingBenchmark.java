package io.eventpipe.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.eventpipe.alerting.AlertRouterApp;
import io.eventpipe.alerting.AlertRouterConfig;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Load harness: the alert-router side by side with a real Alertmanager (Debian {@code prometheus-alertmanager}),
 * same alertmanager.yml, same alerts, one local webhook receiver recording when each alert's notification
 * arrives. Each alert is its own group ({@code group_by: [id]}, {@code group_wait: 0s}). Two loads per system:
 * a burst (alerts posted in batches of 100 to {@code POST /api/v2/alerts}, as Prometheus does), giving alerts/s
 * from first post to last delivery; and a paced run (one alert every 200 ms, 50 alerts), giving the post →
 * receiver delay p50/p99 of a system that is not queueing.
 *
 * <p>The burst runs {@code -Dbench.bursts} times (default 5), each with new alerts (new groups), and the first
 * {@code -Dbench.warmup} of them (default 2) are reported apart as warm-up: the router is a JVM, and its first
 * seconds run in the interpreter while the JIT compiles the broker, Kafka Streams and the router; a service that
 * users keep running is measured warm. Alertmanager (Go, compiled ahead of time) gets the same bursts.
 *
 * <p>Usage: {@code AlertRoutingBenchmark [alerts, default 2000] [router]} ({@code router}: skip Alertmanager, for
 * profiling the router alone)
 */
public final class AlertRoutingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int BURSTS = Integer.getInteger("bench.bursts", 5);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 2);

  public static void main(String[] args) throws Exception {
    int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Map<String, Map<String, Long>> arrivals = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      long now = System.nanoTime();
      JsonNode payload = JSON.readTree(exchange.getRequestBody());
      Map<String, Long> seen = arrivals.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new ConcurrentHashMap<>());
      for (JsonNode alert : payload.path("alerts")) {
        seen.putIfAbsent(alert.path("labels").path("id").asText(), now);
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    var receiverThreads = java.util.concurrent.Executors.newFixedThreadPool(4);
    receiver.setExecutor(receiverThreads);
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
    Path dir = Files.createTempDirectory("routing-bench");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      int routerPort = freePort();
      try (AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(broker.bootstrapServers(),
          config(dir.resolve("router.yml"), hook + "/router"), null).withHttpPort(routerPort).withStateDir(dir.resolve("state"))
          .withKafkaOverrides(overrides(System.getProperty("bench.kafka", ""))))) {
        String api = "http://127.0.0.1:" + routerPort;
        // where the burst waits: a deep delivery queue means the receiver lanes bound it, a shallow one the topology
        java.util.concurrent.atomic.AtomicLong maxDepth = new java.util.concurrent.atomic.AtomicLong();
        var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
          var gauge = router.metrics().find("alert_router_notification_queue_depth").gauge();
          if (gauge != null) {
            maxDepth.accumulateAndGet((long) gauge.value(), Math::max);
          }
        }, 0, 50, TimeUnit.MILLISECONDS);
        Result burst = bursts("alert-router", api, alerts, arrivals, "/router");
        sampler.shutdownNow();
        System.out.println("alert-router burst: deepest delivery queue " + maxDepth.get() + " notifications");
        report("alert-router", burst, run(api, 50, 1, 200, BURSTS * alerts, arrivals, "/router"));
      }
    }

    Path alertmanager = Path.of("/usr/bin/prometheus-alertmanager");
    if (args.length > 1 && args[1].equals("router")) {
      System.out.println("Alertmanager skipped (router only)");
    } else if (!Files.isExecutable(alertmanager)) {
      System.out.println("prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager): no comparison");
    } else {
      int amPort = freePort();
      Process am = new ProcessBuilder(alertmanager.toString(), "--config.file=" + config(dir.resolve("am.yml"), hook + "/am"),
          "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=")
          .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
      try {
        awaitHttp("http://127.0.0.1:" + amPort + "/-/ready");
        String api = "http://127.0.0.1:" + amPort;
        report("Alertmanager 0.25", bursts("Alertmanager 0.25", api, alerts, arrivals, "/am"),
            run(api, 50, 1, 200, BURSTS * alerts, arrivals, "/am"));
      } finally {
        am.destroy();
        am.waitFor(30, TimeUnit.SECONDS);
      }
    }
    receiver.stop(0);
    receiverThreads.shutdown();
  }

  /** Runs the bursts, prints each one's rate and returns the measured (after warm-up) burst of median rate. */
  static Result bursts(String system, String api, int alerts, Map<String, Map<String, Long>> arrivals, String path)
      throws Exception {
    List<Result> measured = new ArrayList<>();
    for (int round = 0; round < BURSTS; round++) {
      Result burst = run(api, alerts, 100, 0, round * alerts, arrivals, path);
      System.out.printf("%-18s burst %d%s: %,.0f alerts/s, p50 %d ms, p99 %d ms%n", system, round + 1,
          round < WARMUP ? " (warm-up)" : "", burst.perSecond(), burst.p50Ms(), burst.p99Ms());
      if (round >= WARMUP) {
        measured.add(burst);
      }
    }
    if (measured.isEmpty()) {
      throw new IllegalArgumentException("bench.bursts must exceed bench.warmup");
    }
    measured.sort(java.util.Comparator.comparingDouble(Result::perSecond));
    return measured.get(measured.size() / 2);
  }

  /** Delivery rate and post → receiver delays; {@code postingMs}: time spent inside the POST calls (intake). */
  record Result(int alerts, double perSecond, long p50Ms, long p99Ms, long postingMs) {}

  /** Posts alerts with ids {@code firstId..firstId+alerts-1}, {@code batch} per request, pausing between requests. */
  static Result run(String api, int alerts, int batchSize, long pauseMs, int firstId,
      Map<String, Map<String, Long>> arrivals, String path) throws Exception {
    Map<String, Long> posted = new ConcurrentHashMap<>();
    long first = System.nanoTime();
    long posting = 0;
    String startsAt = Instant.now().toString();
    for (int batch = firstId; batch < firstId + alerts; batch += batchSize) {
      if (pauseMs > 0 && batch > firstId) {
        Thread.sleep(pauseMs);
      }
      List<Map<String, Object>> body = new ArrayList<>();
      for (int i = batch; i < Math.min(firstId + alerts, batch + batchSize); i++) {
        body.add(Map.of("labels", Map.of("alertname", "BenchAlert", "id", Integer.toString(i), "severity", "warning"),
            "annotations", Map.of("summary", "bench alert " + i), "startsAt", startsAt));
      }
      long now = System.nanoTime();
      var response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v2/alerts"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(api + " answered " + response.statusCode() + ": " + response.body());
      }
      posting += System.nanoTime() - now;
      for (int i = batch; i < Math.min(firstId + alerts, batch + batchSize); i++) {
        posted.put(Integer.toString(i), now);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (delivered(arrivals, path, posted) < alerts) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(path + ": only " + delivered(arrivals, path, posted) + " of " + alerts + " delivered");
      }
      Thread.sleep(20);
    }
    Map<String, Long> seen = arrivals.get(path);
    List<Long> delays = new ArrayList<>();
    long last = 0;
    for (var e : posted.entrySet()) {
      long arrived = seen.get(e.getKey());
      delays.add((arrived - e.getValue()) / 1_000_000);
      last = Math.max(last, arrived);
    }
    Collections.sort(delays);
    return new Result(alerts, alerts / ((last - first) / 1e9), delays.get(delays.size() / 2),
        delays.get((int) Math.ceil(delays.size() * 0.99) - 1), posting / 1_000_000);
  }

  private static long delivered(Map<String, Map<String, Long>> arrivals, String path, Map<String, Long> posted) {
    Map<String, Long> seen = arrivals.getOrDefault(path, Map.of());
    return posted.keySet().stream().filter(seen::containsKey).count();
  }

  static void report(String system, Result burst, Result paced) {
    System.out.printf("%-18s burst of %,d (median measured): %,.0f alerts/s delivered, post -> receiver p50 %d ms, p99 %d ms, "
            + "%d ms inside POSTs | paced (%d, one per 200 ms): p50 %d ms, p99 %d ms%n", system, burst.alerts(),
        burst.perSecond(), burst.p50Ms(), burst.p99Ms(), burst.postingMs(), paced.alerts(), paced.p50Ms(),
        paced.p99Ms());
  }

  /** The same alertmanager.yml for both systems: one group per alert, notified at once. */
  static Path config(Path file, String webhook) throws Exception {
    Files.writeString(file, """
        route:
          receiver: hook
          group_by: [id]
          group_wait: 0s
          group_interval: 1m
          repeat_interval: 4h
        receivers:
        - name: hook
          webhook_configs:
          - url: '%s'
            send_resolved: false
        """.formatted(webhook));
    return file;
  }

  private static void awaitHttp(String url) throws Exception {
    for (int i = 0; i < 300; i++) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " never became ready");
  }

  /** {@code -Dbench.kafka=commit.interval.ms=100,fetch.max.wait.ms=50}: client settings to try on the router. */
  private static Map<String, Object> overrides(String spec) {
    Map<String, Object> out = new java.util.HashMap<>();
    for (String kv : spec.split(",")) {
      if (kv.contains("=")) {
        out.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
      }
    }
    return out;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.eventpipe.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Alertmanager's HTTP API v2 as Prometheus, amtool, Karma and Grafana use it: {@code POST/GET /api/v2/alerts},
 * {@code GET /api/v2/alerts/groups}, {@code GET /api/v2/receivers}, {@code GET /api/v2/status},
 * {@code POST/GET /api/v2/silences}, {@code GET/DELETE /api/v2/silence(s)/{id}}, plus {@code /-/healthy},
 * {@code /-/ready} (503 naming the reason while stream processing or Kafka is down) and {@code /metrics}. Writes go
 * to Kafka before the reply, so an acknowledged alert or silence is durable; while Kafka is unreachable they are
 * answered 503 at once so the sender retries. A wrong method on a known path is 405; an optional bearer token
 * guards every path but the probes; a failure answers 500 without exception text (it is logged).
 */
public final class AlertmanagerApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerApi.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern SILENCE_BY_ID = Pattern.compile("/api/v2/silences?/[^/]+");
  private final HttpServer server;
  private final AlertmanagerConfig config;
  private final String redactedConfig;
  private final RouterState state;
  private final Producer<String, byte[]> producer;
  private final String bearerToken;
  private final PrometheusMeterRegistry registry;
  private final LongSupplier clock;
  private final AlertQuery query;
  private final RouterHealth health;
  private final String started;

  public AlertmanagerApi(String host, int port, AlertmanagerConfig config, String configYaml, RouterState state,
      Producer<String, byte[]> producer, String bearerToken, PrometheusMeterRegistry registry, LongSupplier clock,
      RouterHealth health) throws IOException {
    this.config = config;
    this.redactedConfig = Redaction.redact(configYaml);
    this.state = state;
    this.producer = producer;
    this.bearerToken = bearerToken == null || bearerToken.isEmpty() ? null : bearerToken;
    this.registry = registry;
    this.clock = clock;
    this.query = new AlertQuery(config);
    this.health = health;
    this.started = ApiAlerts.format(clock.getAsLong());
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:9401}. */
  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/-/healthy") || path.equals("/-/ready")) {
        probe(exchange, method, path);
        return;
      }
      if (bearerToken != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        reply(exchange, 401, Map.of("code", 401, "message", "missing or wrong bearer token"));
        return;
      }
      try {
        route(exchange, method, path);
      } catch (IllegalArgumentException e) {
        reply(exchange, 400, Map.of("code", 400, "message", e.getMessage()));
      } catch (SilenceRequests.NotFound e) {
        reply(exchange, 404, Map.of("code", 404, "message", e.getMessage()));
      } catch (KafkaUnavailable e) {
        exchange.getResponseHeaders().set("Retry-After", "5");
        reply(exchange, 503, Map.of("code", 503, "message", e.getMessage()));
      } catch (InvalidStateStoreException e) {
        exchange.getResponseHeaders().set("Retry-After", "5");
        reply(exchange, 503, Map.of("code", 503, "message", "alert state is being restored; retry later"));
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", method, path, e);
        reply(exchange, 500, Map.of("code", 500, "message", "internal error (logged by the router)"));
      }
    }
  }

  /** The paths and the methods each allows; anything else on a known path is 405. */
  private static final Map<String, Set<String>> METHODS = Map.of("/api/v2/alerts", Set.of("GET", "POST"),
      "/api/v2/alerts/groups", Set.of("GET"), "/api/v2/receivers", Set.of("GET"), "/api/v2/status", Set.of("GET"),
      "/api/v2/silences", Set.of("GET", "POST"), "/metrics", Set.of("GET"));

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    boolean byId = SILENCE_BY_ID.matcher(path).matches();
    Set<String> allowed = byId ? Set.of("GET", "DELETE") : METHODS.get(path);
    if (allowed == null) {
      reply(exchange, 404, Map.of("code", 404, "message", "path " + path + " not found"));
      return;
    }
    if (!allowed.contains(method)) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", new TreeSet<>(allowed)));
      reply(exchange, 405, Map.of("code", 405, "message", "method " + method + " not allowed on " + path));
      return;
    }
    long now = clock.getAsLong();
    switch (byId ? "silence" : method + " " + path) {
      case "POST /api/v2/alerts" -> postAlerts(exchange);
      case "GET /api/v2/alerts" -> reply(exchange, 200, query.alerts(state.alerts(), state.silences(),
          AlertQuery.Filters.parse(AlertQuery.params(exchange.getRequestURI())), now));
      case "GET /api/v2/alerts/groups" -> reply(exchange, 200, query.groups(state.alerts(), state.silences(),
          AlertQuery.Filters.parse(AlertQuery.params(exchange.getRequestURI())), now));
      case "GET /api/v2/receivers" -> reply(exchange, 200,
          new TreeSet<>(config.receivers().keySet()).stream().map(name -> Map.of("name", name)).toList());
      case "GET /api/v2/status" -> reply(exchange, 200, status());
      case "POST /api/v2/silences" -> reply(exchange, 200, Map.of("silenceID", postSilence(body(exchange))));
      case "GET /api/v2/silences" -> reply(exchange, 200,
          state.silences().stream().map(s -> SilenceRequests.json(s, now)).toList());
      case "GET /metrics" -> text(exchange, 200, registry == null ? "" : registry.scrape());
      default -> silenceById(exchange, method, path.substring(path.lastIndexOf('/') + 1));
    }
  }

  private void probe(HttpExchange exchange, String method, String path) throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      text(exchange, 405, "method not allowed");
      return;
    }
    String problem = path.equals("/-/ready") && health != null ? health.notReadyReason() : null;
    if (method.equals("HEAD")) {
      exchange.sendResponseHeaders(problem == null ? 200 : 503, -1);
    } else if (problem == null) {
      text(exchange, 200, "OK");
    } else {
      text(exchange, 503, "not ready: " + problem);
    }
  }

  private void postAlerts(HttpExchange exchange) throws IOException {
    ApiAlerts.Parsed parsed = ApiAlerts.parse(body(exchange), clock.getAsLong(), config.resolveTimeout());
    requireKafka();
    List<Future<?>> sends = new ArrayList<>();
    for (Alert alert : parsed.alerts()) {
      sends.add(producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.fingerprint(), Json.write(alert))));
    }
    await(sends);
    if (!parsed.errors().isEmpty()) {
      reply(exchange, 400, Map.of("code", 400, "message", String.join("; ", parsed.errors())));
      return;
    }
    text(exchange, 200, "");
  }

  private Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cluster", Map.of("status", "disabled", "peers", List.of(),
        "name", "kafka-partitioned (state in Kafka topics, no gossip)"));
    out.put("config", Map.of("original", redactedConfig));
    out.put("uptime", started);
    out.put("versionInfo", Map.of("version", "0.1.0", "branch", "eventpipe", "revision", "alert-router",
        "buildUser", "", "buildDate", "", "goVersion", "java" + Runtime.version().feature()));
    return out;
  }

  private String postSilence(JsonNode body) {
    SilenceRequests.Change change = SilenceRequests.apply(body, state.silences(), clock.getAsLong());
    requireKafka();
    if (change.expiredPrevious() != null) {
      publishSilence(change.expiredPrevious());
    }
    publishSilence(change.silence());
    return change.silence().id();
  }

  private void silenceById(HttpExchange exchange, String method, String id) throws IOException {
    Silence silence = state.silences().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    long now = clock.getAsLong();
    if (silence == null) {
      reply(exchange, 404, Map.of("code", 404, "message", "silence " + id + " not found"));
    } else if (method.equals("GET")) {
      reply(exchange, 200, SilenceRequests.json(silence, now));
    } else {
      if (!silence.state(now).equals("expired")) {
        requireKafka();
        long start = Math.min(silence.startsAt(), now);
        publishSilence(new Silence(id, silence.matchers(), start, now, silence.createdBy(), silence.comment(), now));
      }
      text(exchange, 200, "");
    }
  }

  private void publishSilence(Silence silence) {
    await(List.of(producer.send(new ProducerRecord<>(Topics.SILENCES.name(), silence.id(), Json.write(silence)))));
  }

  private void requireKafka() {
    if (health != null && !health.kafkaReachable()) {
      throw new KafkaUnavailable("Kafka is unreachable; nothing was written, retry later");
    }
  }

  private boolean authorized(String header) {
    byte[] expected = ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    byte[] actual = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Waits for the writes, at most {@link #WRITE_TIMEOUT} in all; a write that fails or times out is a 503. */
  private static void await(List<? extends Future<?>> sends) {
    long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
    for (var send : sends) {
      try {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing to Kafka", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new KafkaUnavailable("Kafka did not acknowledge the write within " + WRITE_TIMEOUT.toSeconds()
            + " s; retry later");
      }
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try {
      return Json.MAPPER.readTree(exchange.getRequestBody());
    } catch (IOException e) {
      throw new IllegalArgumentException("body: not valid JSON: " + e.getMessage());
    }
  }

  private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}

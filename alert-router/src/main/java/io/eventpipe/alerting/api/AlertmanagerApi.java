package io.eventpipe.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Matchers;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.schemas.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Alertmanager's HTTP API v2 subset Prometheus and amtool use: {@code POST/GET /api/v2/alerts},
 * {@code GET /api/v2/status}, {@code POST/GET /api/v2/silences}, {@code GET/DELETE /api/v2/silence(s)/{id}},
 * plus {@code /-/healthy}, {@code /-/ready} and {@code /metrics}. Writes go to Kafka before the reply, so an
 * acknowledged alert or silence is durable. An optional bearer token guards every path.
 */
public final class AlertmanagerApi implements AutoCloseable {
  private final HttpServer server;
  private final AlertmanagerConfig config;
  private final String redactedConfig;
  private final RouterState state;
  private final Producer<String, byte[]> producer;
  private final String bearerToken;
  private final PrometheusMeterRegistry registry;
  private final LongSupplier clock;
  private final Inhibitor inhibitor;
  private final String started;

  public AlertmanagerApi(String host, int port, AlertmanagerConfig config, String configYaml, RouterState state,
      Producer<String, byte[]> producer, String bearerToken, PrometheusMeterRegistry registry, LongSupplier clock)
      throws IOException {
    this.config = config;
    this.redactedConfig = Redaction.redact(configYaml);
    this.state = state;
    this.producer = producer;
    this.bearerToken = bearerToken == null || bearerToken.isEmpty() ? null : bearerToken;
    this.registry = registry;
    this.clock = clock;
    this.inhibitor = new Inhibitor(config.inhibitRules());
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
      if (bearerToken != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        reply(exchange, 401, Map.of("code", 401, "message", "missing or wrong bearer token"));
        return;
      }
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      try {
        route(exchange, method, path);
      } catch (IllegalArgumentException e) {
        reply(exchange, 400, Map.of("code", 400, "message", e.getMessage()));
      } catch (RuntimeException e) {
        reply(exchange, 500, Map.of("code", 500, "message", e.toString()));
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    if (path.equals("/api/v2/alerts") && method.equals("POST")) {
      postAlerts(exchange);
    } else if (path.equals("/api/v2/alerts") && method.equals("GET")) {
      reply(exchange, 200, getAlerts(query(exchange.getRequestURI())));
    } else if (path.equals("/api/v2/status") && method.equals("GET")) {
      reply(exchange, 200, status());
    } else if (path.equals("/api/v2/silences") && method.equals("POST")) {
      reply(exchange, 200, Map.of("silenceID", postSilence(body(exchange))));
    } else if (path.equals("/api/v2/silences") && method.equals("GET")) {
      reply(exchange, 200, state.silences().stream().map(this::silenceJson).toList());
    } else if (path.matches("/api/v2/silences?/[^/]+")) {
      silenceById(exchange, method, path.substring(path.lastIndexOf('/') + 1));
    } else if (path.equals("/-/healthy") || path.equals("/-/ready")) {
      text(exchange, 200, "OK");
    } else if (path.equals("/metrics") && registry != null) {
      text(exchange, 200, registry.scrape());
    } else {
      reply(exchange, 404, Map.of("code", 404, "message", method + " " + path + " not found"));
    }
  }

  private void postAlerts(HttpExchange exchange) throws IOException {
    ApiAlerts.Parsed parsed = ApiAlerts.parse(body(exchange), clock.getAsLong(), config.resolveTimeout());
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

  private List<Map<String, Object>> getAlerts(Map<String, String> query) {
    long now = clock.getAsLong();
    Matchers filter = Matchers.NONE;
    if (query.containsKey("filter")) {
      filter = Matchers.parse(query.get("filter"));
    }
    List<Alert> all = state.alerts();
    List<Silence> silences = state.silences();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Alert a : all) {
      if (a.resolvedAt(now) || !filter.matches(a.labels())) {
        continue;
      }
      List<String> silencedBy = silences.stream().filter(s -> s.mutes(a.labels(), now)).map(Silence::id).toList();
      String inhibitor = this.inhibitor.inhibitedBy(a.labels(), all, now);
      List<String> inhibitedBy = inhibitor == null ? List.of() : List.of(inhibitor);
      boolean suppressed = !silencedBy.isEmpty() || !inhibitedBy.isEmpty();
      if ((suppressed && "false".equals(query.get("silenced")) && !silencedBy.isEmpty())
          || (!inhibitedBy.isEmpty() && "false".equals(query.get("inhibited")))
          || (!suppressed && "false".equals(query.get("active")))) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("annotations", a.annotations());
      // An alert without an end (the router's own rule alerts, refreshed every evaluation) shows, as in
      // Alertmanager, when it would time out: last update + resolve_timeout.
      long endsAt = a.endsAt() != 0 ? a.endsAt() : a.updatedAt() + config.resolveTimeout().toMillis();
      m.put("endsAt", ApiAlerts.format(endsAt));
      m.put("fingerprint", a.fingerprint());
      m.put("receivers", config.route().match(a.labels()).stream()
          .map(r -> Map.of("name", r.opts().receiver())).distinct().toList());
      m.put("startsAt", ApiAlerts.format(a.startsAt()));
      m.put("status", Map.of("inhibitedBy", inhibitedBy, "silencedBy", silencedBy,
          "state", suppressed ? "suppressed" : "active"));
      m.put("updatedAt", ApiAlerts.format(a.updatedAt()));
      m.put("generatorURL", a.generatorURL());
      m.put("labels", a.labels());
      out.add(m);
    }
    return out;
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
    long now = clock.getAsLong();
    String id = body.path("id").asText("");
    if (id.isEmpty()) {
      id = UUID.randomUUID().toString();
    }
    List<Silence.SilenceMatcher> matchers = new ArrayList<>();
    for (JsonNode m : body.path("matchers")) {
      matchers.add(new Silence.SilenceMatcher(m.path("name").asText(), m.hasNonNull("value") ? m.get("value").asText()
          : null, m.path("isRegex").asBoolean(false), m.has("isEqual") ? m.get("isEqual").asBoolean() : null));
    }
    long startsAt = Math.max(now, time(body, "startsAt"));
    Silence silence = new Silence(id, matchers, startsAt, time(body, "endsAt"), body.path("createdBy").asText(""),
        body.path("comment").asText(""), now);
    silence.validate();
    if (silence.endsAt() < now) {
      throw new IllegalArgumentException("endsAt: is in the past");
    }
    publishSilence(silence);
    return id;
  }

  private static long time(JsonNode body, String field) {
    try {
      return java.time.OffsetDateTime.parse(body.path(field).asText()).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": required RFC 3339 time");
    }
  }

  private void silenceById(HttpExchange exchange, String method, String id) throws IOException {
    Silence silence = state.silences().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    if (silence == null) {
      reply(exchange, 404, Map.of("code", 404, "message", "silence " + id + " not found"));
    } else if (method.equals("GET")) {
      reply(exchange, 200, silenceJson(silence));
    } else if (method.equals("DELETE")) {
      long now = clock.getAsLong();
      if (!silence.state(now).equals("expired")) {
        long start = Math.min(silence.startsAt(), now);
        publishSilence(new Silence(id, silence.matchers(), start, now, silence.createdBy(), silence.comment(), now));
      }
      text(exchange, 200, "");
    } else {
      reply(exchange, 405, Map.of("code", 405, "message", method + " not allowed"));
    }
  }

  private void publishSilence(Silence silence) {
    await(List.of(producer.send(new ProducerRecord<>(Topics.SILENCES.name(), silence.id(), Json.write(silence)))));
  }

  private Map<String, Object> silenceJson(Silence s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("status", Map.of("state", s.state(clock.getAsLong())));
    m.put("updatedAt", ApiAlerts.format(s.updatedAt()));
    m.put("comment", s.comment());
    m.put("createdBy", s.createdBy());
    m.put("endsAt", ApiAlerts.format(s.endsAt()));
    m.put("matchers", s.matchers().stream().map(x -> Map.of("name", x.name(), "value", x.value(), "isRegex",
        x.isRegex(), "isEqual", x.isEqual() == null || x.isEqual())).toList());
    m.put("startsAt", ApiAlerts.format(s.startsAt()));
    return m;
  }

  private boolean authorized(String header) {
    byte[] expected = ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    byte[] actual = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, actual);
  }

  private static void await(List<? extends Future<?>> sends) {
    for (var send : sends) {
      try {
        send.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing to Kafka", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("Kafka write failed: " + e.getCause().getMessage(), e);
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

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.merge(key, value, (a, b) -> a + "," + b);
    }
    return out;
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

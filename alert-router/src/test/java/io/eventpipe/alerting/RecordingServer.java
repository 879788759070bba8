package io.eventpipe.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server standing in for Slack, PagerDuty, webhook and other receivers' APIs: records every
 * request (body as JSON when it is JSON, always as text; query; headers) and answers as told per path.
 */
final class RecordingServer implements AutoCloseable {
  /** One received request and the status it was answered with. */
  record Request(String path, String contentType, JsonNode body, int status, long receivedAtNanos, String text,
      String query, Map<String, List<String>> headers, String method) {
    /** The first value of a request header (case-insensitive), or null. */
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A canned answer for a path: status, content type and body. */
  record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> throttledLeft = new ConcurrentHashMap<>();
  private final Map<String, Long> failingUntilNanos = new ConcurrentHashMap<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  RecordingServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode body = null;
        try {
          body = raw.length == 0 ? null : Json.MAPPER.readTree(raw);
        } catch (IOException notJson) {
          // a form or XML body: kept as text
        }
        AtomicInteger fail = failuresLeft.get(path);
        AtomicInteger throttle = throttledLeft.get(path);
        Long failingUntil = failingUntilNanos.get(path);
        boolean outage = failingUntil != null && System.nanoTime() < failingUntil;
        int status = outage || (fail != null && fail.getAndDecrement() > 0) ? 500
            : answers.containsKey(path) ? answers.get(path).status() : path.startsWith("/pagerduty") ? 202 : 200;
        if (throttle != null && throttle.getAndDecrement() > 0) {
          status = 429;
          exchange.getResponseHeaders().add("Retry-After", "2");
        }
        requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Content-Type"), body, status,
            System.nanoTime(), text, exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
            exchange.getRequestMethod()));
        Answer answer = answers.get(path);
        if (answer != null && answer.body() != null && status == answer.status()) {
          byte[] reply = answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", answer.contentType());
          exchange.sendResponseHeaders(status, reply.length);
          exchange.getResponseBody().write(reply);
        } else {
          exchange.sendResponseHeaders(status, -1);
        }
      }
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests to {@code path} are answered with this status and body (failures set below still win). */
  void answer(String path, int status, String contentType, String body) {
    answers.put(path, new Answer(status, contentType, body));
  }

  /** The next {@code n} requests to {@code path} get HTTP 500. */
  void failNext(String path, int n) {
    failuresLeft.put(path, new AtomicInteger(n));
  }

  /** Every request to {@code path} gets HTTP 500 for the next {@code outage}; returns when it ends (nanoTime). */
  long failFor(String path, java.time.Duration outage) {
    long until = System.nanoTime() + outage.toNanos();
    failingUntilNanos.put(path, until);
    return until;
  }

  /** The next {@code n} requests to {@code path} get HTTP 429 with {@code Retry-After: 2}. */
  void throttleNext(String path, int n) {
    throttledLeft.put(path, new AtomicInteger(n));
  }

  /** Requests to {@code path} that were answered with success. */
  List<Request> delivered(String path) {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.path().equals(path) && r.status() < 300) {
        out.add(r);
      }
    }
    return out;
  }

  List<Request> all(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Every request so far, in arrival order. */
  List<Request> all() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

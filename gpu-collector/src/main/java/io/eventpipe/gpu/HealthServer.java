package io.eventpipe.gpu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The collector's HTTP endpoint: {@code /metrics} (Prometheus text format) and {@code /health} (JSON; 200 while
 * UP or running without NVML by request, 503 when sampling has gone stale). The JDK's server is enough for two
 * read-only pages, so no servlet container.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  HealthServer(int port, PrometheusMeterRegistry registry, CollectorHealth health) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics and /health on port " + port + ": " + e.getMessage(), e);
    }
    server.createContext("/metrics", exchange ->
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/health", exchange -> {
      String status = health.status();
      int code = status.equals("STALE") ? 503 : 200;
      respond(exchange, code, "application/json", health.toJson().toString());
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(code, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
      if (!exchange.getRequestMethod().equals("HEAD")) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

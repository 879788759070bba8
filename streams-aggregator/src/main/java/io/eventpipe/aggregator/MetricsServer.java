package io.eventpipe.aggregator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The aggregator's HTTP endpoint: {@code /metrics} (Prometheus text or OpenMetrics, by the Accept header: the
 * derived series and a short list of health series), {@code /metrics/kafka} (every Kafka client and JVM metric),
 * {@code /health/live} and {@code /health/ready}. The JDK's server is enough for a scrape endpoint.
 */
final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final PrometheusMeterRegistry kafkaRegistry;
  private final BooleanSupplier ready;

  private MetricsServer(HttpServer server, PrometheusMeterRegistry registry, PrometheusMeterRegistry kafkaRegistry,
      BooleanSupplier ready) {
    this.server = server;
    this.registry = registry;
    this.kafkaRegistry = kafkaRegistry;
    this.ready = ready;
  }

  /** Serves {@code registry} on /metrics and {@code kafkaRegistry} (Kafka client and JVM detail) on /metrics/kafka. */
  static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
      PrometheusMeterRegistry kafkaRegistry, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (BindException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + " for /metrics: port in use", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
    MetricsServer metrics = new MetricsServer(server, registry, kafkaRegistry, ready);
    server.createContext("/metrics", exchange -> metrics.scrape(exchange, metrics.registry));
    server.createContext("/metrics/kafka", exchange -> metrics.scrape(exchange, metrics.kafkaRegistry));
    server.createContext("/health/live", exchange -> reply(exchange, 200, "text/plain", "live\n"));
    server.createContext("/health/ready", exchange -> {
      boolean ok = ready.getAsBoolean();
      reply(exchange, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready: streams not running or stores not queryable\n");
    });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "aggregator-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return metrics;
  }

  URI url() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/metrics");
  }

  private void scrape(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    // Protobuf is never offered: the series are classic histograms, and both text formats carry them.
    String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      registry.scrape(body, contentType);
    } catch (InvalidStateStoreException e) {
      reply(exchange, 503, "text/plain", "state stores not queryable yet (starting or rebalancing): " + e.getMessage() + "\n");
      return;
    }
    reply(exchange, 200, contentType, ExpositionCompat.apply(body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    reply(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

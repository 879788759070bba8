package io.eventpipe.aggregator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * The remote-write client against a real HTTP server answering as a receiver might: 503 and 429 are retried until
 * accepted, a 400 stops with the receiver's message, and what arrives is a snappy-compressed WriteRequest carrying
 * every sample with its labels.
 */
class RemoteWriteTest {
  private final HttpServer server = start();
  private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  private final List<byte[]> bodies = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private String refusal = "";

  private HttpServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext("/api/v1/write", exchange -> {
        requests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Integer status = answers.poll();
        int code = status == null ? 204 : status;
        if (code == 204) {
          synchronized (bodies) {
            bodies.add(Snappy.uncompress(body));
          }
          assertThat(exchange.getRequestHeaders().getFirst("Content-Encoding")).isEqualTo("snappy");
          exchange.sendResponseHeaders(204, -1);
        } else {
          byte[] text = (code == 400 ? refusal : "busy").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(code, text.length);
          exchange.getResponseBody().write(text);
        }
        exchange.close();
      });
      s.start();
      return s;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private RemoteWrite client() {
    return new RemoteWrite(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write"), 2);
  }

  private static Exposed.Metric counter(String value) {
    Exposed.Family family = new Exposed.Family("http_requests", "counter", "help");
    Map<String, String> labels = Map.of("status", value);
    return new Exposed.Metric(family, labels, List.of(new Exposed.Sample("http_requests_total", labels, 7)));
  }

  @Test
  void unavailableAndTooManyRequestsAreRetriedUntilAccepted() throws Exception {
    answers.add(503);
    answers.add(429);
    RemoteWrite client = client();
    client.add(60_000, counter("200"));
    client.add(60_000, counter("500"));
    client.endOfInstant();
    assertThat(requests.get()).isEqualTo(3);
    assertThat(client.samplesSent()).isEqualTo(2);
    String message = new String(bodies.get(0), StandardCharsets.ISO_8859_1);
    assertThat(message).contains("__name__", "http_requests_total", "status", "200", "500");
    // Two TimeSeries (field 1, length-delimited: tag 0x0a), each with 2 labels and 1 sample.
    assertThat(bodies.get(0)[0]).isEqualTo((byte) 0x0a);
  }

  @Test
  void aRefusalStopsWithWhatTheReceiverSaid() throws Exception {
    answers.add(400);
    refusal = "out of order sample";
    RemoteWrite client = client();
    client.add(60_000, counter("200"));
    assertThatThrownBy(client::flush).isInstanceOf(IllegalStateException.class)
        .hasMessage("remote write to " + "http://127.0.0.1:" + server.getAddress().getPort()
            + "/api/v1/write refused (HTTP 400): out of order sample");
    assertThat(requests.get()).isEqualTo(1);
  }
}

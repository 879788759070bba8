package io.eventpipe.producers.recorders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.CatalogTopics;
import io.eventpipe.producers.EventPublisher;
import io.eventpipe.producers.PublisherConfig;
import io.eventpipe.producers.TopicReader;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The servlet filter in a real Jetty, and trace propagation, end to end through a real broker. */
class RequestRecordingFilterTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static KafkaCluster cluster;
  private static final EventCodec<RequestEvent> CODEC = EventCodec.of(EventTypes.REQUEST);

  @BeforeAll
  static void startCluster() {
    cluster = KafkaClusters.start();
    CatalogTopics.create(cluster.bootstrapServers());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void currentSpanGoesIntoTheEventAndTheTraceparentHeader() {
    Tracer tracer = otel.getOpenTelemetry().getTracer("test");
    Span span = tracer.spanBuilder("GET /users/{id}").startSpan();
    try (EventPublisher publisher = publisher()) {
      RequestRecorder recorder = new RequestRecorder(RecorderContext.of(publisher, "api", "traced"), new RouteTemplates());
      try (Scope scope = span.makeCurrent()) {
        recorder.record(CompletedRequest.of("get", "/users/42", 200, Duration.ofMillis(12)));
      }
      span.end();
      recorder.record(CompletedRequest.of("GET", "/users/43", 200, Duration.ofMillis(12)));
    }
    List<ConsumerRecord<String, byte[]>> records = recordsOf("traced");
    assertThat(records).hasSize(2);
    ConsumerRecord<String, byte[]> traced = records.stream()
        .filter(r -> CODEC.decode(r.value()).event().getTraceId() != null).findFirst().orElseThrow();
    RequestEvent event = CODEC.decode(traced.value()).event();
    String traceId = span.getSpanContext().getTraceId();
    String spanId = span.getSpanContext().getSpanId();
    assertThat(event.getTraceId()).isEqualTo(traceId).hasSize(32);
    assertThat(event.getSpanId()).isEqualTo(spanId).hasSize(16);
    assertThat(event.getMethod()).isEqualTo("GET");
    assertThat(event.getRoute()).isEqualTo("/users/{id}");
    Header header = traced.headers().lastHeader("traceparent");
    assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo("00-" + traceId + "-" + spanId + "-01");

    ConsumerRecord<String, byte[]> untraced = records.stream().filter(r -> r != traced).findFirst().orElseThrow();
    assertThat(CODEC.decode(untraced.value()).event().getTraceId()).isNull();
    assertThat(untraced.headers().lastHeader("traceparent")).isNull();
  }

  @Test
  void filterRecordsEveryRequestOfARealServletContainer() throws Exception {
    Server server = new Server(0);
    try (EventPublisher publisher = publisher()) {
      RequestRecorder recorder = new RequestRecorder(RecorderContext.of(publisher, "api", "jetty"),
          new RouteTemplates().register("/orders/{order}"));
      ServletContextHandler context = new ServletContextHandler();
      context.addFilter(new FilterHolder(new RequestRecordingFilter(recorder)), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) {
          String path = req.getRequestURI();
          if (path.startsWith("/boom")) {
            throw new IllegalStateException("handler failed");
          }
          if (path.startsWith("/spring")) {
            req.setAttribute(RequestRecordingFilter.SPRING_MATCHED_PATTERN, "/spring/{name}");
          }
          req.setAttribute(RequestRecordingFilter.USER_ATTRIBUTE, "u-7");
          req.setAttribute(RequestRecordingFilter.PLAN_ATTRIBUTE, "pro");
          resp.setStatus(path.startsWith("/missing") ? 404 : 200);
        }
      }), "/*");
      server.setHandler(context);
      server.start();
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/users/123", "/orders/abc", "/spring/anything", "/missing/9", "/boom/1")) {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding());
      }
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/5"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(), HttpResponse.BodyHandlers.discarding());
    } finally {
      server.stop();
    }
    Map<String, RequestEvent> byRoute = recordsOf("jetty").stream().map(r -> CODEC.decode(r.value()).event())
        .collect(Collectors.toMap(e -> e.getMethod() + " " + e.getRoute(), Function.identity()));
    assertThat(byRoute).containsOnlyKeys("GET /users/{id}", "GET /orders/{order}", "GET /spring/{name}",
        "GET /missing/{id}", "GET /boom/{id}", "POST /users/{id}");
    assertThat(byRoute.get("GET /users/{id}").getStatusCode()).isEqualTo(200);
    assertThat(byRoute.get("GET /users/{id}").getUserId()).isEqualTo("u-7");
    assertThat(byRoute.get("GET /users/{id}").getPlan()).isEqualTo("pro");
    assertThat(byRoute.get("GET /missing/{id}").getStatusCode()).isEqualTo(404);
    assertThat(byRoute.get("GET /boom/{id}").getStatusCode()).isEqualTo(500);
    assertThat(byRoute.get("POST /users/{id}").getRequestBytes()).isEqualTo(12L);
    assertThat(byRoute.values()).allSatisfy(e -> {
      assertThat(e.getDurationSeconds()).isGreaterThanOrEqualTo(0.0).isLessThan(60.0);
      assertThat(e.getSource().getService()).isEqualTo("api");
      assertThat(EventTypes.REQUEST.validate(e)).isEmpty();
    });
  }

  private static EventPublisher publisher() {
    return new EventPublisher(PublisherConfig.of(cluster.bootstrapServers()), new SimpleMeterRegistry());
  }

  private static List<ConsumerRecord<String, byte[]>> recordsOf(String instance) {
    return TopicReader.readAll(cluster.bootstrapServers(), "events.requests").stream()
        .filter(r -> CODEC.decode(r.value()).event().getSource().getInstance().equals(instance)).toList();
  }
}

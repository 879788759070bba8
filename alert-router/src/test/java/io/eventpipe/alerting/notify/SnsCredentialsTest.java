package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Without sigv4 keys the SNS integration signs with the AWS environment variables, session token included. */
class SnsCredentialsTest {
  private static final Notification N = new Notification("id", "0:{}", "{}:{}", "r", 0, "sns", "firing", Map.of(),
      Map.of(), Map.of(), List.of(new NotifiedAlert("firing", Map.of("alertname", "A"), Map.of(), 0, 0, "", "f")), 1);

  private static SnsConfig config(String url, String region) {
    return new SnsConfig(url, region, null, null, "", "", "arn:t", "s", "m", Map.of(), true, HttpClientConfig.DEFAULT);
  }

  @Test
  void environmentKeysRegionAndSessionTokenAreUsedAndSigned() throws Exception {
    AtomicReference<com.sun.net.httpserver.Headers> seen = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    server.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
      seen.set(x.getRequestHeaders());
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.start();
    try {
      Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKENV", "AWS_SECRET_ACCESS_KEY", "secret",
          "AWS_SESSION_TOKEN", "tok/en", "AWS_REGION", "ap-south-1");
      Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
      new SnsIntegration(config("http://127.0.0.1:" + server.getAddress().getPort(), ""), new HttpPost(
          Duration.ofSeconds(5)), Templates.alertmanager(), "http://am", env::get, clock).send(N);
      assertThat(seen.get().getFirst("X-Amz-Security-Token")).isEqualTo("tok/en");
      assertThat(seen.get().getFirst("X-Amz-Date")).isEqualTo("20260102T030405Z");
      assertThat(seen.get().getFirst("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKENV/20260102/"
          + "ap-south-1/sns/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;"
          + "x-amz-security-token, Signature=");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noCredentialsOrNoRegionFailWithoutRetrying() {
    HttpPost http = new HttpPost(Duration.ofSeconds(1));
    assertThatThrownBy(() -> new SnsIntegration(config("http://127.0.0.1:1", "us-east-1"), http,
        Templates.alertmanager(), "", Map.<String, String>of()::get, Clock.systemUTC()).send(N))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("no AWS credentials");
    assertThatThrownBy(() -> new SnsIntegration(config("http://127.0.0.1:1", ""), http, Templates.alertmanager(),
        "", Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b")::get, Clock.systemUTC()).send(N))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("region not configured");
  }

  @Test
  void defaultEndpointIsTheRegionsSnsHost() {
    assertThat(SnsIntegration.endpoint("", "us-east-1").toString()).isEqualTo("https://sns.us-east-1.amazonaws.com/");
    assertThat(SnsIntegration.endpoint("", "cn-north-1").toString())
        .isEqualTo("https://sns.cn-north-1.amazonaws.com.cn/");
    assertThat(SnsIntegration.endpoint("sns.local:4566", "x").toString()).isEqualTo("https://sns.local:4566/");
  }
}

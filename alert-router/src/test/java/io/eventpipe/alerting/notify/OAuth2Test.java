package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http_config.oauth2} against real HTTP servers: a token endpoint granting client credentials and a webhook
 * that accepts only the token it granted. Tokens are reused until 10 s before they expire, then fetched anew.
 */
class OAuth2Test {
  @TempDir
  Path dir;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  private final List<String> webhookAuth = new CopyOnWriteArrayList<>();
  private volatile boolean basicHeaderRefused;
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", exchange -> {
      String body = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          StandardCharsets.UTF_8);
      String basic = exchange.getRequestHeaders().getFirst("Authorization");
      String client = basic == null ? null
          : new String(Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8);
      tokenRequests.add((client == null ? "body" : "basic " + client) + " | " + body);
      boolean authenticated = client != null ? !basicHeaderRefused && client.equals("router:s3cret")
          : body.contains("client_id=router") && body.contains("client_secret=s3cret");
      byte[] reply = authenticated
          ? ("{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":60}")
              .getBytes(StandardCharsets.UTF_8)
          : "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(authenticated ? 200 : 401, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.createContext("/hook", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      webhookAuth.add(auth);
      exchange.getRequestBody().readAllBytes();
      boolean ok = auth != null && auth.equals("Bearer tok-" + issued.get());
      exchange.sendResponseHeaders(ok ? 200 : 401, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void theTokenIsFetchedOnceReusedAndRenewedBeforeItExpires() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
    MutableClock clock = new MutableClock();
    OAuth2Config oauth2 = new OAuth2Config("router", null, secret.toString(), List.of("alerts", "write"),
        base + "/token", Map.of("audience", "hooks"), null, null, null, null, null);
    OAuth2Tokens tokens = new OAuth2Tokens(oauth2, Duration.ofSeconds(5), clock);
    assertThat(tokens.authorization()).isEqualTo("Bearer tok-1");
    clock.advance(Duration.ofSeconds(49));
    assertThat(tokens.authorization()).isEqualTo("Bearer tok-1");
    clock.advance(Duration.ofSeconds(2)); // 51 s: within 10 s of the 60 s expiry
    assertThat(tokens.authorization()).isEqualTo("Bearer tok-2");
    assertThat(tokenRequests).containsExactly(
        "basic router:s3cret | grant_type=client_credentials&scope=alerts write&audience=hooks",
        "basic router:s3cret | grant_type=client_credentials&scope=alerts write&audience=hooks");
  }

  @Test
  void aWebhookBehindOAuth2GetsTheBearerToken() throws Exception {
    HttpPost post = new HttpPost(Duration.ofSeconds(5), new HttpClientConfig(null, null, null, null, null, null, null,
        null, new OAuth2Config("router", "s3cret", null, null, base + "/token", null, null, null, null, null, null),
        null, null, null));
    post.postJson(base + "/hook", Map.of("status", "firing"), "webhook");
    post.postJson(base + "/hook", Map.of("status", "resolved"), "webhook");
    assertThat(webhookAuth).containsExactly("Bearer tok-1", "Bearer tok-1");
    assertThat(issued).hasValue(1);
  }

  @Test
  void credentialsMoveToTheBodyWhenTheServerRefusesTheHeader() throws Exception {
    basicHeaderRefused = true;
    OAuth2Tokens tokens = new OAuth2Tokens(new OAuth2Config("router", "s3cret", null, null, base + "/token", null,
        null, null, null, null, null), Duration.ofSeconds(5), new MutableClock());
    assertThat(tokens.authorization()).isEqualTo("Bearer tok-1");
    assertThat(tokenRequests).hasSize(2).last().asString().startsWith("body | ")
        .contains("client_id=router", "client_secret=s3cret");
  }

  @Test
  void aRefusedTokenRequestIsARetryableDeliveryFailure() {
    HttpPost post = new HttpPost(Duration.ofSeconds(5), new HttpClientConfig(null, null, null, null, null, null, null,
        null, new OAuth2Config("router", "wrong", null, null, base + "/token", null, null, null, null, null, null),
        null, null, null));
    assertThatThrownBy(() -> post.postJson(base + "/hook", Map.of(), "webhook"))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("oauth2 token request: HTTP 401").hasMessageNotContaining("wrong");
    assertThat(webhookAuth).isEmpty();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-02T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

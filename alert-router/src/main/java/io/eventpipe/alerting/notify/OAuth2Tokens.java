package io.eventpipe.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The access token of one {@code oauth2} block, fetched with the client-credentials grant and reused until 10 s before
 * it expires (golang.org/x/oauth2's {@code expiryDelta}, which Prometheus' round tripper uses). As its
 * {@code AuthStyleAutoDetect}, the client credentials go in a Basic header first and, if the server refuses that
 * with 400 or 401, in the form body. The secret file is re-read for every token request.
 */
final class OAuth2Tokens {
  private static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);

  private final OAuth2Config config;
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private String header;
  private long expiresAtMillis = Long.MIN_VALUE;
  private boolean credentialsInBody;

  OAuth2Tokens(OAuth2Config config, Duration timeout, Clock clock) {
    this.config = config;
    this.timeout = timeout;
    this.clock = clock;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
    Proxies proxies = Proxies.of(config.proxyUrl(), config.noProxy(), config.proxyFromEnvironment(), System::getenv);
    if (proxies != null) {
      b.proxy(proxies);
    }
    if (config.tlsConfig() != null) {
      TlsContexts.apply(b, config.tlsConfig());
    }
    this.client = b.build();
  }

  /** The Authorization header value: a cached token, or a new one from the token endpoint. */
  synchronized String authorization() throws IOException {
    if (header != null && clock.millis() < expiresAtMillis) {
      return header;
    }
    HttpResponse<String> response = request(credentialsInBody);
    if (!credentialsInBody && (response.statusCode() == 400 || response.statusCode() == 401)) {
      HttpResponse<String> retried = request(true);
      if (retried.statusCode() / 100 == 2) {
        credentialsInBody = true;
      }
      response = retried;
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException("oauth2 token request: HTTP " + response.statusCode());
    }
    JsonNode token = Json.MAPPER.readTree(response.body());
    String accessToken = token.path("access_token").asText("");
    if (accessToken.isEmpty()) {
      throw new IOException("oauth2 token response has no access_token");
    }
    long expiresIn = token.path("expires_in").asLong(0);
    // No expires_in: the token never expires (oauth2.Token.Expiry is zero).
    expiresAtMillis = expiresIn <= 0 ? Long.MAX_VALUE
        : clock.millis() + Duration.ofSeconds(expiresIn).minus(EXPIRY_DELTA).toMillis();
    header = type(token.path("token_type").asText("")) + " " + accessToken;
    return header;
  }

  /** golang.org/x/oauth2 {@code Token.Type}: the canonical spelling of the common types, others as sent. */
  private static String type(String tokenType) {
    return switch (tokenType.toLowerCase(java.util.Locale.ROOT)) {
      case "", "bearer" -> "Bearer";
      case "mac" -> "MAC";
      case "basic" -> "Basic";
      default -> tokenType;
    };
  }

  private HttpResponse<String> request(boolean inBody) throws IOException {
    String secret = config.clientSecretFile() != null
        ? Files.readString(Path.of(config.clientSecretFile())).strip() : config.clientSecret() == null ? "" : config.clientSecret();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!config.scopes().isEmpty()) {
      form.put("scope", String.join(" ", config.scopes()));
    }
    config.endpointParams().forEach(form::putIfAbsent);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.tokenUrl())).timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "eventpipe-alert-router");
    if (inBody) {
      form.put("client_id", config.clientId());
      form.put("client_secret", secret);
    } else {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (encode(config.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8)));
    }
    String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    try {
      return client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("oauth2 token request interrupted", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

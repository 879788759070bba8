package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * One JSON POST with a timeout and the integration's {@code http_config} applied (authorization, basic auth,
 * bearer token or its file re-read per request, oauth2 client credentials ({@link OAuth2Tokens}), tls_config ({@link TlsContexts}), proxy, redirects), classified for
 * retrying: 2xx succeeds, 429 and 5xx and network errors are retryable (honouring {@code Retry-After} seconds),
 * other statuses are not. Error messages never contain the URL, which may hold a secret (Slack webhooks do).
 */
final class HttpPost {
  private final HttpClient client;
  private final Duration timeout;
  private final HttpClientConfig http;
  private final OAuth2Tokens oauth2;

  HttpPost(Duration timeout) {
    this(timeout, HttpClientConfig.DEFAULT);
  }

  HttpPost(Duration timeout, HttpClientConfig http) {
    this.http = http == null ? HttpClientConfig.DEFAULT : http;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(this.http.redirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    if (this.http.enableHttp2() != null && !this.http.enableHttp2()) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    if (this.http.proxyUrl() != null && !this.http.proxyUrl().isEmpty()) {
      URI proxy = URI.create(this.http.proxyUrl());
      b.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), proxy.getPort() < 0 ? 80 : proxy.getPort())));
    }
    if (this.http.tlsConfig() != null) {
      TlsContexts.apply(b, this.http.tlsConfig());
    }
    this.client = b.build();
    this.timeout = timeout;
    this.oauth2 = this.http.oauth2() == null ? null : new OAuth2Tokens(this.http.oauth2(), timeout, java.time.Clock.systemUTC());
  }

  /** The Authorization header value for this http_config, or null; token files are read on every request. */
  String authorization() throws IOException {
    if (oauth2 != null) {
      return oauth2.authorization();
    }
    if (http.basicAuth() != null) {
      HttpClientConfig.BasicAuth a = http.basicAuth();
      String password = a.passwordFile() != null ? Files.readString(Path.of(a.passwordFile())).strip()
          : a.password() == null ? "" : a.password();
      return "Basic " + Base64.getEncoder().encodeToString((a.username() + ":" + password)
          .getBytes(StandardCharsets.UTF_8));
    }
    if (http.authorization() != null) {
      HttpClientConfig.Authorization a = http.authorization();
      String credentials = a.credentialsFile() != null ? Files.readString(Path.of(a.credentialsFile())).strip()
          : a.credentials();
      return (a.type() == null || a.type().isEmpty() ? "Bearer" : a.type()) + " " + credentials;
    }
    if (http.bearerTokenFile() != null) {
      return "Bearer " + Files.readString(Path.of(http.bearerTokenFile())).strip();
    }
    return http.bearerToken() == null ? null : "Bearer " + http.bearerToken();
  }

  String postJson(String url, Object body, String what) throws DeliveryException {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))), what);
  }

  /** A POST of {@code body} as {@code contentType} (form posts, XML APIs), with {@code headers} added. */
  String post(String url, String contentType, byte[] body, java.util.Map<String, String> headers, String what)
      throws DeliveryException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request, what);
  }

  /** A GET (token endpoints), classified like a POST. */
  String get(String url, String what) throws DeliveryException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), what);
  }

  /** Sends with the timeout, user agent and authorization; returns the 2xx body or throws, classified. */
  private String send(HttpRequest.Builder request, String what) throws DeliveryException {
    HttpResponse<String> response;
    try {
      request.timeout(timeout).header("User-Agent", "eventpipe-alert-router");
      String auth = authorization();
      if (auth != null) {
        request.header("Authorization", auth);
      }
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new DeliveryException(what + ": timed out after " + timeout.toMillis() + " ms", true, null, e);
    } catch (IOException e) {
      throw new DeliveryException(what + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), true, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(what + ": interrupted", false, null, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    boolean retryable = status == 429 || status / 100 == 5;
    Duration retryAfter = response.headers().firstValue("Retry-After").map(HttpPost::seconds).orElse(null);
    String reply = response.body() == null ? "" : response.body();
    throw new DeliveryException(what + ": unexpected status " + status + ": "
        + reply.substring(0, Math.min(200, reply.length())), retryable, retryAfter, null);
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A reply the caller classifies itself (WeChat's 0.25 rules differ from the status-code ones above). */
  record Answer(int status, String body) {}

  /** A JSON POST answered with any status; only network errors and timeouts throw (retryable). */
  Answer postJsonAnswer(String url, Object body, String what) throws DeliveryException {
    return exchange(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))), what);
  }

  /** A GET answered with any status; only network errors and timeouts throw (retryable). */
  Answer getAnswer(String url, String what) throws DeliveryException {
    return exchange(HttpRequest.newBuilder(URI.create(url)).GET(), what);
  }

  private Answer exchange(HttpRequest.Builder request, String what) throws DeliveryException {
    try {
      request.timeout(timeout).header("User-Agent", "eventpipe-alert-router");
      String auth = authorization();
      if (auth != null) {
        request.header("Authorization", auth);
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
    } catch (HttpTimeoutException e) {
      throw new DeliveryException(what + ": timed out after " + timeout.toMillis() + " ms", true, null, e);
    } catch (IOException e) {
      throw new DeliveryException(what + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), true, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(what + ": interrupted", false, null, e);
    }
  }
}

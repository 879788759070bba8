package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private final Proxies proxies;

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
    this.proxies = Proxies.of(this.http, System::getenv);
    if (proxies != null) {
      b.proxy(proxies);
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

  /**
   * Which failed replies are retried, as Alertmanager's {@code notify.Retrier} decides: network errors and 5xx
   * always, 429 only for integrations that list it in their RetryCodes (webhook, slack, pagerduty, opsgenie,
   * telegram); to the others (discord, webex, msteams, victorops, pushover) 429 is a final 4xx.
   */
  enum Retry { SERVER_ERRORS, SERVER_ERRORS_AND_429 }

  /** A reply the caller classifies itself (WeChat's 0.25 rules differ from the status-code ones here). */
  record Answer(int status, String body, Duration retryAfter) {}

  String postJson(String url, Object body, String what) throws DeliveryException {
    return postJson(url, body, Retry.SERVER_ERRORS_AND_429, what);
  }

  String postJson(String url, Object body, Retry retry, String what) throws DeliveryException {
    return send("POST", url, "application/json", Json.write(body), Map.of(), retry, what);
  }

  /**
   * A request with any method and content type (OpsGenie's PUT updates, SNS's form, Pushover's empty-bodied
   * POST), {@code headers} added; returns the 2xx body or throws, classified by {@code retry}.
   */
  String send(String method, String url, String contentType, byte[] body, Map<String, String> headers, Retry retry,
      String what) throws DeliveryException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    Answer answer = exchange(request, what);
    int status = answer.status();
    if (status / 100 == 2) {
      return answer.body();
    }
    boolean retryable = status / 100 == 5 || (status == 429 && retry == Retry.SERVER_ERRORS_AND_429);
    throw new DeliveryException(what + ": unexpected status " + status + ": "
        + answer.body().substring(0, Math.min(200, answer.body().length())), retryable,
        retryable ? answer.retryAfter() : null, null);
  }

  /** A JSON POST answered with any status; only network errors and timeouts throw (retryable). */
  Answer postJsonAnswer(String url, Object body, String what) throws DeliveryException {
    return exchange(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))), what);
  }

  /** A GET answered with any status; only network errors and timeouts throw (retryable). */
  Answer getAnswer(String url, String what) throws DeliveryException {
    return exchange(HttpRequest.newBuilder(URI.create(url)).GET(), what);
  }

  /** Sends with the timeout, user agent, authorization and proxy headers; any status is an answer. */
  private Answer exchange(HttpRequest.Builder request, String what) throws DeliveryException {
    try {
      request.timeout(timeout).header("User-Agent", "eventpipe-alert-router");
      String auth = authorization();
      if (auth != null) {
        request.header("Authorization", auth);
      }
      HttpRequest built = request.build();
      Map<String, String> proxyHeaders = proxyHeaders(built.uri());
      if (!proxyHeaders.isEmpty()) {
        proxyHeaders.forEach(request::header);
        built = request.build();
      }
      HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
      Duration retryAfter = response.headers().firstValue("Retry-After").map(HttpPost::seconds).orElse(null);
      return new Answer(response.statusCode(), response.body() == null ? "" : response.body(), retryAfter);
    } catch (HttpTimeoutException e) {
      throw new DeliveryException(what + ": timed out after " + timeout.toMillis() + " ms", true, null, e);
    } catch (IOException e) {
      throw new DeliveryException(what + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), true, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(what + ": interrupted", false, null, e);
    }
  }

  /**
   * Headers for the proxy: {@code Proxy-Authorization} from the proxy URL's user info (as Go's transport sends it)
   * or from {@code proxy_connect_header}. The JDK's client sends a request's {@code Proxy-Authorization} on the
   * CONNECT of an https request and strips it from the tunnelled request; the config check refuses other
   * connect headers, which it cannot send.
   */
  private Map<String, String> proxyHeaders(URI target) {
    if (proxies == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    String user = proxies.userInfo(target);
    if (user != null) {
      String decoded = java.net.URLDecoder.decode(user.replace("+", "%2B"), StandardCharsets.UTF_8);
      out.put("Proxy-Authorization", "Basic "
          + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
    }
    if (http.proxyConnectHeader() != null && proxies.proxied(target) && "https".equalsIgnoreCase(target.getScheme())) {
      http.proxyConnectHeader().forEach((name, values) -> out.put(name, String.join(", ", values)));
    }
    return out;
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One JSON POST with a timeout, classified for retrying: 2xx succeeds, 429 and 5xx and network errors are
 * retryable (honouring {@code Retry-After} seconds), other statuses are not. Error messages never contain the URL,
 * which may hold a secret (Slack webhooks do).
 */
final class HttpPost {
  private final HttpClient client;
  private final Duration timeout;

  HttpPost(Duration timeout) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
  }

  String postJson(String url, Object body, String what) throws DeliveryException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Content-Type", "application/json").header("User-Agent", "eventpipe-alert-router")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
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
}

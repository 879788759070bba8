package io.eventpipe.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the router's Alertmanager API as Prometheus and amtool do (JSON, optional bearer token). */
final class ApiClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode json(String method, String path, String json) {
    HttpResponse<String> r = send(method, path, json);
    if (r.statusCode() != 200) {
      throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

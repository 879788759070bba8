package io.eventpipe.producers.recorders;

import java.time.Duration;

/**
 * One served HTTP request, framework-neutral, as a web adapter observed it.
 *
 * @param method HTTP method (upper-cased when recorded)
 * @param path the raw request path; templated unless {@code matchedRoute} is known
 * @param matchedRoute the route template the framework matched ({@code /users/{id}}), or null
 * @param status the response status code
 * @param duration time from request start to response completion
 * @param requestBytes request body size, or null when unknown
 * @param responseBytes response body size, or null when unknown
 * @param userId the authenticated user, or null
 * @param plan that user's plan, or null
 */
public record CompletedRequest(String method, String path, String matchedRoute, int status, Duration duration,
    Long requestBytes, Long responseBytes, String userId, String plan) {

  public CompletedRequest {
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("method: required, e.g. GET");
    }
    if (path == null && matchedRoute == null) {
      throw new IllegalArgumentException("path: required when no matchedRoute is given");
    }
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("duration: required and >= 0, got " + duration);
    }
  }

  /** The common case: no sizes, no user. */
  public static CompletedRequest of(String method, String path, int status, Duration duration) {
    return new CompletedRequest(method, path, null, status, duration, null, null, null, null);
  }

  public CompletedRequest withMatchedRoute(String route) {
    return new CompletedRequest(method, path, route, status, duration, requestBytes, responseBytes, userId, plan);
  }

  public CompletedRequest withUser(String user, String userPlan) {
    return new CompletedRequest(method, path, matchedRoute, status, duration, requestBytes, responseBytes, user, userPlan);
  }

  public CompletedRequest withSizes(Long request, Long response) {
    return new CompletedRequest(method, path, matchedRoute, status, duration, request, response, userId, plan);
  }
}

package io.eventpipe.producers.recorders;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * A Jakarta Servlet filter that records every HTTP request through a {@link RequestRecorder}, including async
 * requests (recorded when they complete) and requests whose handler threw (recorded as status 500).
 *
 * <p>The route is the framework's matched template when the request carries one: the attribute
 * {@link #ROUTE_ATTRIBUTE} set by the application, or Spring MVC's best-matching-pattern attribute; otherwise
 * the raw path is templated. The user and plan come from {@link #USER_ATTRIBUTE} and {@link #PLAN_ATTRIBUTE}.
 */
public final class RequestRecordingFilter implements Filter {
  /** Request attribute holding the matched route template, for frameworks this filter does not know. */
  public static final String ROUTE_ATTRIBUTE = "io.eventpipe.route";
  public static final String USER_ATTRIBUTE = "io.eventpipe.user_id";
  public static final String PLAN_ATTRIBUTE = "io.eventpipe.plan";
  /** The value of Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
  public static final String SPRING_MATCHED_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private final RequestRecorder recorder;

  public RequestRecordingFilter(RequestRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    long start = System.nanoTime();
    boolean threw = true;
    try {
      chain.doFilter(request, response);
      threw = false;
    } finally {
      if (!threw && request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            record(request, response, start, false);
          }

          @Override
          public void onTimeout(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
      } else {
        record(request, response, start, threw);
      }
    }
  }

  private void record(HttpServletRequest request, HttpServletResponse response, long startNanos, boolean threw) {
    // A handler that threw gets a 500 from the container, whatever status it had set before.
    int status = threw ? 500 : response.getStatus();
    long length = request.getContentLengthLong();
    CompletedRequest completed = new CompletedRequest(request.getMethod(), request.getRequestURI(), matchedRoute(request),
        status, Duration.ofNanos(System.nanoTime() - startNanos), length >= 0 ? length : null,
        responseLength(response), attribute(request, USER_ATTRIBUTE), attribute(request, PLAN_ATTRIBUTE));
    recorder.record(completed);
  }

  private static String matchedRoute(HttpServletRequest request) {
    String route = attribute(request, ROUTE_ATTRIBUTE);
    return route != null ? route : attribute(request, SPRING_MATCHED_PATTERN);
  }

  private static Long responseLength(HttpServletResponse response) {
    String header = response.getHeader("Content-Length");
    try {
      return header == null ? null : Long.valueOf(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String attribute(HttpServletRequest request, String name) {
    Object value = request.getAttribute(name);
    return value == null ? null : value.toString();
  }
}

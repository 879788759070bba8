package io.eventpipe.producers.recorders;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.producers.trace.TraceContext;
import io.eventpipe.schemas.EventTypes;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Locale;

/**
 * Records served HTTP requests as {@link RequestEvent}s: the route is the framework's matched template when
 * known, else the raw path templated through {@link RouteTemplates}; the current OpenTelemetry span, if any,
 * is attached. Never blocks and never throws for delivery problems.
 */
public final class RequestRecorder {
  private final RecorderContext context;
  private final RouteTemplates routes;

  public RequestRecorder(RecorderContext context, RouteTemplates routes) {
    this.context = context;
    this.routes = routes;
  }

  /** @return false when the event was dropped by the sink */
  public boolean record(CompletedRequest request) {
    String route = request.matchedRoute() != null
        ? routes.admitFrameworkRoute(request.matchedRoute())
        : routes.template(request.path());
    SpanContext span = TraceContext.currentSpan();
    RequestEvent event = RequestEvent.newBuilder()
        .setEventId(context.newEventId())
        .setEventTime(context.now())
        .setSource(context.source())
        .setMethod(request.method().toUpperCase(Locale.ROOT))
        .setRoute(route)
        .setStatusCode(request.status())
        .setDurationSeconds(request.duration().toNanos() / 1e9)
        .setRequestBytes(request.requestBytes())
        .setResponseBytes(request.responseBytes())
        .setUserId(request.userId())
        .setPlan(request.plan())
        .setTraceId(span == null ? null : span.getTraceId())
        .setSpanId(span == null ? null : span.getSpanId())
        .build();
    return context.sink().record(EventTypes.REQUEST, event);
  }
}

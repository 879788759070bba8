package io.eventpipe.producers.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The OpenTelemetry span current on the calling thread, as event fields (trace id, span id) and as W3C
 * {@code traceparent} record headers. Must be read on the thread that owns the span.
 */
public final class TraceContext {
  private static final TextMapSetter<Headers> KAFKA_HEADERS =
      (headers, key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8));

  private TraceContext() {}

  /** The current span's context, or null when no valid span is current. */
  public static SpanContext currentSpan() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span : null;
  }

  /** W3C trace-context headers ({@code traceparent}, and {@code tracestate} when set) for the current span, or null. */
  public static Headers currentHeaders() {
    if (currentSpan() == null) {
      return null;
    }
    Headers headers = new RecordHeaders();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, KAFKA_HEADERS);
    return headers;
  }
}

// The W3C trace and span ids of the active OpenTelemetry span, when @opentelemetry/api is installed.

let api = null;
try {
  api = await import('@opentelemetry/api');
} catch {
  api = null; // optional: services without OpenTelemetry get null ids and pay nothing
}

/** [traceId, spanId] of the active span, or [null, null]. */
export function currentIds() {
  if (api === null) return [null, null];
  const ctx = api.trace.getActiveSpan()?.spanContext();
  if (!ctx || !api.isSpanContextValid(ctx)) return [null, null];
  return [ctx.traceId, ctx.spanId];
}

"""The W3C trace and span ids of the current OpenTelemetry span, when the OpenTelemetry API is installed."""

from __future__ import annotations

try:  # optional: services without OpenTelemetry get None ids and pay nothing
    from opentelemetry import trace as _otel_trace  # type: ignore[import]
except ImportError:  # pragma: no cover - depends on the environment
    _otel_trace = None


def current_ids() -> tuple[str | None, str | None]:
    """(trace_id as 32 hex digits, span_id as 16) of the active span, or (None, None) without a valid one."""
    if _otel_trace is None:
        return None, None
    ctx = _otel_trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None, None
    return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")

"""The event contracts as this client writes them: the Avro field lists of event-schemas, mirrored.

tests/test_schema_parity.py reads event-schemas/src/main/avro/**/*.avsc and fails when a field, its type,
whether it is required, or an enum's symbols differ from what is declared here, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Field types, named after the Avro types they mirror.
STRING: Final = "string"
LONG: Final = "long"
INT: Final = "int"
DOUBLE: Final = "double"
SOURCE: Final = "Source"
STRING_MAP: Final = "map<string>"
DOUBLE_MAP: Final = "map<double>"


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an event: its Avro name and type, whether it may be null, and an enum's symbols."""

    name: str
    type: str
    required: bool = True
    symbols: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventKind:
    """One event type: its Avro record name, the topic it is published to, and its fields in schema order."""

    record: str
    topic: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.record} has no field {name!r}")


def _common() -> tuple[Field, ...]:
    return (Field("event_id", STRING), Field("event_time", LONG), Field("source", SOURCE))


def _optional(name: str, type_: str) -> Field:
    return Field(name, type_, required=False)


# Symbols without UNKNOWN: it exists for old readers only and the pipeline refuses it from writers.
REQUEST: Final = EventKind("RequestEvent", "events.requests", _common() + (
    Field("method", STRING), Field("route", STRING), Field("status_code", INT), Field("duration_seconds", DOUBLE),
    _optional("request_bytes", LONG), _optional("response_bytes", LONG), _optional("user_id", STRING),
    _optional("plan", STRING), _optional("trace_id", STRING), _optional("span_id", STRING),
))

GENERATION: Final = EventKind("GenerationEvent", "events.generations", _common() + (
    Field("job_id", STRING), Field("model", STRING), Field("plan", STRING),
    Field("status", "enum", symbols=("QUEUED", "STARTED", "COMPLETED", "FAILED")),
    Field("queue", STRING), _optional("worker_id", STRING), _optional("duration_seconds", DOUBLE),
    _optional("credits_used", LONG), _optional("user_id", STRING), _optional("trace_id", STRING),
    _optional("span_id", STRING),
))

BILLING: Final = EventKind("BillingEvent", "events.billing", _common() + (
    Field("kind", "enum", symbols=("SUBSCRIPTION_STARTED", "SUBSCRIPTION_RENEWED", "SUBSCRIPTION_CHANGED",
                                   "SUBSCRIPTION_CANCELLED", "PAYMENT", "CREDIT_PURCHASE", "CREDIT_CONSUMPTION")),
    Field("user_id", STRING), _optional("plan", STRING), _optional("from_plan", STRING), _optional("to_plan", STRING),
    Field("billing_cycle", "enum", required=False, symbols=("MONTHLY", "YEARLY")),
    _optional("amount_minor", LONG), _optional("currency", STRING), _optional("credits", LONG),
    _optional("usage_type", STRING),
))

ACTIVITY: Final = EventKind("ActivityEvent", "events.activity", _common() + (
    Field("user_id", STRING), Field("plan", STRING),
    Field("action", "enum", symbols=("REGISTRATION", "LOGIN", "LOGOUT", "PAGE_VIEW", "API_CALL")),
))

QUEUE: Final = EventKind("QueueSample", "samples.queues", _common() + (
    Field("queue_name", STRING), Field("length", LONG), Field("active_workers", INT),
))

# The generic event of issue 9 (CustomEvent on events.custom), written to its documented shape. The pipeline
# does not have this topic or schema yet; the parity test checks it as soon as CustomEvent.avsc exists.
CUSTOM: Final = EventKind("CustomEvent", "events.custom", _common() + (
    Field("name", STRING), Field("attributes", STRING_MAP), Field("measurements", DOUBLE_MAP),
    _optional("trace_id", STRING), _optional("span_id", STRING),
))

SOURCE_FIELDS: Final = (Field("service", STRING), Field("instance", STRING))

KINDS: Final = (REQUEST, GENERATION, BILLING, ACTIVITY, QUEUE, CUSTOM)

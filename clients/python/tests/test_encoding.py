"""The compiled encoders accept exactly the events validate() accepts and write the JSON json.dumps would."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eventpipe import InvalidEventError, schema
from eventpipe.encoding import ENCODERS, JSON
from eventpipe.schema import EventKind
from eventpipe.validation import validate

SOURCE = {"service": "api", "instance": "api-1"}
SOURCE_JSON = JSON.encode(SOURCE)

VALID: dict[str, dict[str, Any]] = {
    "RequestEvent": {"method": "GET", "route": "/users/{id}", "status_code": 200, "duration_seconds": 0.25,
                     "request_bytes": 0, "response_bytes": 12, "user_id": "u-ü\"\n", "plan": "pro",
                     "trace_id": "0af7651916cd43dd8448eb211c80319c", "span_id": "b7ad6b7169203331"},
    "GenerationEvent": {"job_id": "j", "model": "sdxl", "plan": "free", "status": "COMPLETED", "queue": "gpu",
                        "worker_id": "w", "duration_seconds": 3, "credits_used": 2, "user_id": "u"},
    "BillingEvent": {"kind": "PAYMENT", "user_id": "u", "amount_minor": 999, "currency": "USD"},
    "ActivityEvent": {"user_id": "u", "plan": "pro", "action": "LOGIN"},
    "QueueSample": {"queue_name": "gpu", "length": 3, "active_workers": 2},
    "CustomEvent": {"name": "db_query", "attributes": {"table": "users"}, "measurements": {"rows": 12, "s": 0.5}},
}

# Wrong values for any field of a type, and for the rules of each kind.
BAD_BY_TYPE: dict[str, list[Any]] = {
    schema.STRING: [1, b"x", ["x"], True],
    schema.LONG: ["1", 1.0, True, 2**63, -(2**63) - 1],
    schema.INT: ["1", 1.5, False, 2**31, -(2**31) - 1],
    schema.DOUBLE: ["1", float("nan"), float("inf"), -float("inf"), True, 10**400, [1]],
    "enum": ["completed", "UNKNOWN", 1, ["LOGIN"]],
    schema.SOURCE: ["api", {"service": "api"}, {"service": " ", "instance": "i"}, {"service": 1, "instance": "i"}],
    schema.STRING_MAP: [["a"], {"a": 1}, {1: "a"}],
    schema.DOUBLE_MAP: [["a"], {"a": "1"}, {"a": float("nan")}, {"a": True}, {1: 1.0}],
}
BAD_BY_RULE: dict[str, list[dict[str, Any]]] = {
    "RequestEvent": [{"method": " "}, {"route": "users"}, {"status_code": 99}, {"status_code": 600},
                     {"duration_seconds": -0.1}, {"request_bytes": -1}, {"response_bytes": -1}],
    "GenerationEvent": [{"model": " "}, {"plan": ""}, {"duration_seconds": -1}, {"credits_used": -1}],
    "BillingEvent": [{"currency": "usd"}, {"currency": None}, {"kind": "SUBSCRIPTION_STARTED"},
                     {"kind": "SUBSCRIPTION_CHANGED", "from_plan": "a"}, {"kind": "CREDIT_CONSUMPTION", "credits": 1},
                     {"user_id": " "}, {"credits": -1}],
    "ActivityEvent": [{"user_id": " "}, {"plan": ""}],
    "QueueSample": [{"queue_name": " "}, {"length": -1}, {"active_workers": -1}],
    "CustomEvent": [{"name": " "}],
}
COMMON_BAD: list[dict[str, Any]] = [{"event_time": 0}, {"event_time": -5}, {"event_id": " "}]


def event(kind: EventKind, /, **overrides: Any) -> dict[str, Any]:
    return {"event_id": "e-1", "event_time": 1_763_800_000_000, "source": SOURCE, **VALID[kind.record], **overrides}


def cases() -> list[tuple[EventKind, dict[str, Any]]]:
    out = []
    for kind in schema.KINDS:
        out.append((kind, event(kind)))
        for f in kind.fields:
            out.append((kind, event(kind, **{f.name: None})))
            out.extend((kind, event(kind, **{f.name: bad})) for bad in BAD_BY_TYPE[f.type])
        out.extend((kind, event(kind, **o)) for o in BAD_BY_RULE[kind.record] + COMMON_BAD)
    return out


def accepted_by_validate(kind: EventKind, e: dict[str, Any]) -> bool:
    try:
        validate(kind, e)
        return True
    except InvalidEventError:
        return False


@pytest.mark.parametrize(("kind", "e"), cases(), ids=lambda x: getattr(x, "record", None) or repr(x)[:60])
def test_the_encoder_accepts_what_validate_accepts_and_writes_the_same_json(kind: EventKind, e: dict[str, Any]) -> None:
    text = ENCODERS[kind.record](e, SOURCE, SOURCE_JSON)
    assert (text is not None) == accepted_by_validate(kind, e)
    if text is not None:
        complete = {f.name: e.get(f.name) for f in kind.fields}  # absent optional fields are written as null
        assert text == json.dumps(complete, separators=(",", ":"), allow_nan=False)


def test_a_foreign_source_object_is_checked_and_written_itself() -> None:
    other = {"service": "worker", "instance": "w-1"}
    text = ENCODERS["ActivityEvent"](event(schema.ACTIVITY, source=other), SOURCE, SOURCE_JSON)
    assert text is not None and json.loads(text)["source"] == other


def test_fields_outside_the_contract_are_not_written() -> None:
    text = ENCODERS["ActivityEvent"](event(schema.ACTIVITY, extra="x"), SOURCE, SOURCE_JSON)
    assert text is not None and "extra" not in json.loads(text)

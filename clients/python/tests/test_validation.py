"""Client-side refusal of events the pipeline would dead-letter, with the field named."""

from __future__ import annotations

from typing import Any

import pytest

from eventpipe import InvalidEventError, schema
from eventpipe.validation import validate

SOURCE = {"service": "api", "instance": "api-1"}


def request(**overrides: Any) -> dict[str, Any]:
    base = {"event_id": "e1", "event_time": 1_763_800_000_000, "source": SOURCE, "method": "GET",
            "route": "/users/{id}", "status_code": 200, "duration_seconds": 0.1}
    return {**base, **overrides}


def test_a_valid_request_passes() -> None:
    validate(schema.REQUEST, request(request_bytes=0, user_id="u", trace_id=None))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"route": None}, "RequestEvent: route: required field is missing"),
    ({"status_code": "200"}, "RequestEvent: status_code: expected a 32-bit integer, got '200'"),
    ({"status_code": True}, "RequestEvent: status_code: expected a 32-bit integer, got True"),
    ({"duration_seconds": float("nan")}, "RequestEvent: duration_seconds: expected a finite number, got nan"),
    ({"status_code": 42}, "RequestEvent: status_code: outside 100..599 (42)"),
    ({"route": "users/1"}, "RequestEvent: route: must be a route template starting with '/' (users/1)"),
    ({"duration_seconds": -0.5, "response_bytes": -1},
     "RequestEvent: duration_seconds: negative (-0.5); response_bytes: negative (-1)"),
    ({"source": {"service": " ", "instance": "i"}},
     "RequestEvent: source: service is required and must be a non-blank string, got {'service': ' ', 'instance': 'i'}"),
    ({"event_time": 0}, "RequestEvent: event_time: must be epoch milliseconds > 0 (0)"),
])
def test_invalid_requests_are_refused_naming_the_field(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidEventError) as e:
        validate(schema.REQUEST, request(**overrides))
    assert str(e.value) == message


def test_enum_symbols_are_checked_and_unknown_is_refused() -> None:
    gen = {"event_id": "e", "event_time": 1, "source": SOURCE, "job_id": "j", "model": "m", "plan": "p",
           "queue": "q", "status": "UNKNOWN"}
    with pytest.raises(InvalidEventError, match=r"status: unknown value, expected one of \['QUEUED', 'STARTED', "):
        validate(schema.GENERATION, gen)


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "PAYMENT"}, "BillingEvent: amount_minor: required for PAYMENT"),
    ({"kind": "PAYMENT", "amount_minor": 999, "currency": "usd"},
     "BillingEvent: currency: an ISO 4217 code is required with amount_minor (usd)"),
    ({"kind": "SUBSCRIPTION_STARTED", "to_plan": "pro"}, "BillingEvent: billing_cycle: required for SUBSCRIPTION_STARTED"),
    ({"kind": "CREDIT_CONSUMPTION", "credits": 3},
     "BillingEvent: usage_type: required and must not be blank"),
])
def test_billing_rules(fields: dict[str, Any], message: str) -> None:
    event = {"event_id": "e", "event_time": 1, "source": SOURCE, "user_id": "u", **fields}
    with pytest.raises(InvalidEventError) as e:
        validate(schema.BILLING, event)
    assert str(e.value) == message


def test_custom_event_maps_are_typed() -> None:
    base = {"event_id": "e", "event_time": 1, "source": SOURCE, "name": "db_query"}
    validate(schema.CUSTOM, {**base, "attributes": {"table": "users"}, "measurements": {"duration_seconds": 0.01}})
    with pytest.raises(InvalidEventError, match=r"measurements: value of 'rows' must be a finite number"):
        validate(schema.CUSTOM, {**base, "attributes": {}, "measurements": {"rows": "12"}})

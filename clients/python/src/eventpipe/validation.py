"""Refuses, before anything is sent, an event the pipeline would dead-letter: a missing required field, a wrong
type, an unknown enum symbol, or a broken rule of the contract (the same rules as EventTypes in event-schemas).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from . import schema
from .schema import EventKind, Field


class InvalidEventError(ValueError):
    """An event that does not satisfy its contract; the message names the record and the field."""


_CURRENCY = re.compile(r"[A-Z]{3}")


Check = Callable[[Any], "str | None"]


def is_finite_number(v: Any) -> bool:
    """An int or float that is not a bool and is finite (an int too large for a double is not)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(v)
    except OverflowError:
        return False


def _is_int(v: Any, lo: int, hi: int) -> bool:
    return type(v) is int and lo <= v < hi


def map_problem(value: Any, want_str: bool) -> str | None:
    if not isinstance(value, Mapping):
        return "expected an object"
    for k, v in value.items():
        if not isinstance(k, str):
            return "keys must be strings"
        if want_str and not isinstance(v, str):
            return f"value of {k!r} must be a string"
        if not want_str and not is_finite_number(v):
            return f"value of {k!r} must be a finite number"
    return None


def source_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return "expected an object {service, instance}"
    for sub in schema.SOURCE_FIELDS:
        v = value.get(sub.name)
        if not isinstance(v, str) or not v.strip():
            return f"{sub.name} is required and must be a non-blank string"
    return None


def _check(f: Field) -> Check:
    """The type check of one field, chosen once per field instead of on every event."""
    t = f.type
    if t == schema.STRING:
        return lambda v: None if isinstance(v, str) else "expected a string"
    if t == schema.LONG:
        return lambda v: None if _is_int(v, -(2**63), 2**63) else "expected an integer"
    if t == schema.INT:
        return lambda v: None if _is_int(v, -(2**31), 2**31) else "expected a 32-bit integer"
    if t == schema.DOUBLE:
        return lambda v: None if is_finite_number(v) else "expected a finite number"
    if t == "enum":
        symbols = frozenset(f.symbols)
        why = f"unknown value, expected one of {list(f.symbols)}"
        return lambda v: None if isinstance(v, str) and v in symbols else why
    if t == schema.SOURCE:
        return source_problem
    if t in (schema.STRING_MAP, schema.DOUBLE_MAP):
        want_str = t == schema.STRING_MAP
        return lambda v: map_problem(v, want_str)
    raise AssertionError(f"unhandled field type {t}")


def _request_rules(e: Mapping[str, Any], p: list[str]) -> None:
    if not e["method"].strip():
        p.append("method: required and must not be blank")
    if not e["route"].startswith("/"):
        p.append(f"route: must be a route template starting with '/' ({e['route']})")
    if not 100 <= e["status_code"] <= 599:
        p.append(f"status_code: outside 100..599 ({e['status_code']})")
    _non_negative(e, p, "duration_seconds", "request_bytes", "response_bytes")


def _generation_rules(e: Mapping[str, Any], p: list[str]) -> None:
    _not_blank(e, p, "model", "plan")
    _non_negative(e, p, "duration_seconds", "credits_used")


def _billing_rules(e: Mapping[str, Any], p: list[str]) -> None:
    _not_blank(e, p, "user_id")
    _non_negative(e, p, "amount_minor", "credits")
    if e.get("amount_minor") is not None:
        currency = e.get("currency")
        if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
            p.append(f"currency: an ISO 4217 code is required with amount_minor ({currency})")
    kind = e["kind"]
    if kind in ("SUBSCRIPTION_STARTED", "SUBSCRIPTION_RENEWED"):
        _not_blank(e, p, "to_plan")
        if e.get("billing_cycle") is None:
            p.append(f"billing_cycle: required for {kind}")
    elif kind == "SUBSCRIPTION_CHANGED":
        _not_blank(e, p, "from_plan", "to_plan")
    elif kind == "SUBSCRIPTION_CANCELLED":
        _not_blank(e, p, "from_plan")
    elif kind == "PAYMENT" and e.get("amount_minor") is None:
        p.append("amount_minor: required for PAYMENT")
    elif kind in ("CREDIT_PURCHASE", "CREDIT_CONSUMPTION"):
        if e.get("credits") is None:
            p.append(f"credits: required for {kind}")
        if kind == "CREDIT_CONSUMPTION":
            _not_blank(e, p, "usage_type")


def _activity_rules(e: Mapping[str, Any], p: list[str]) -> None:
    _not_blank(e, p, "user_id", "plan")


def _queue_rules(e: Mapping[str, Any], p: list[str]) -> None:
    _not_blank(e, p, "queue_name")
    _non_negative(e, p, "length", "active_workers")


def _custom_rules(e: Mapping[str, Any], p: list[str]) -> None:
    _not_blank(e, p, "name")


RULES: dict[str, Callable[[Mapping[str, Any], list[str]], None]] = {
    schema.REQUEST.record: _request_rules,
    schema.GENERATION.record: _generation_rules,
    schema.BILLING.record: _billing_rules,
    schema.ACTIVITY.record: _activity_rules,
    schema.QUEUE.record: _queue_rules,
    schema.CUSTOM.record: _custom_rules,
}


def _not_blank(e: Mapping[str, Any], p: list[str], *names: str) -> None:
    for name in names:
        v = e.get(name)
        if not isinstance(v, str) or not v.strip():
            p.append(f"{name}: required and must not be blank")


def _non_negative(e: Mapping[str, Any], p: list[str], *names: str) -> None:
    for name in names:
        v = e.get(name)
        if v is not None and v < 0:
            p.append(f"{name}: negative ({v})")


_CHECKS: dict[str, tuple[tuple[str, bool, Check], ...]] = {
    k.record: tuple((f.name, f.required, _check(f)) for f in k.fields) for k in schema.KINDS}


def validate(kind: EventKind, event: Mapping[str, Any]) -> None:
    """Raises InvalidEventError naming every problem of ``event`` against ``kind``; returns when it is valid."""
    if not isinstance(event, Mapping):
        raise InvalidEventError(f"{kind.record}: expected a mapping, got {type(event).__name__}")
    problems: list[str] = []
    for name, required, check in _CHECKS[kind.record]:
        value = event.get(name)
        if value is None:
            if required:
                problems.append(f"{name}: required field is missing")
            continue
        why = check(value)
        if why is not None:
            problems.append(f"{name}: {why}, got {repr(value)[:80]}")
    if not problems:
        if event["event_time"] <= 0:
            problems.append(f"event_time: must be epoch milliseconds > 0 ({event['event_time']})")
        if not event["event_id"].strip():
            problems.append("event_id: required and must not be blank")
        RULES[kind.record](event, problems)
    if problems:
        raise InvalidEventError(f"{kind.record}: " + "; ".join(problems))

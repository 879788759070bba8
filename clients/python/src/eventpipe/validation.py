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


def _type_problem(f: Field, value: Any) -> str | None:
    t = f.type
    if t == schema.STRING:
        return None if isinstance(value, str) else "expected a string"
    if t == schema.LONG:
        ok = isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
        return None if ok else "expected an integer"
    if t == schema.INT:
        ok = isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
        return None if ok else "expected a 32-bit integer"
    if t == schema.DOUBLE:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else "expected a finite number"
    if t == "enum":
        ok = isinstance(value, str) and value in f.symbols
        return None if ok else f"unknown value, expected one of {list(f.symbols)}"
    if t == schema.SOURCE:
        if not isinstance(value, Mapping):
            return "expected an object {service, instance}"
        for sub in schema.SOURCE_FIELDS:
            v = value.get(sub.name)
            if not isinstance(v, str) or not v.strip():
                return f"{sub.name} is required and must be a non-blank string"
        return None
    if t in (schema.STRING_MAP, schema.DOUBLE_MAP):
        if not isinstance(value, Mapping):
            return "expected an object"
        want_str = t == schema.STRING_MAP
        for k, v in value.items():
            if not isinstance(k, str):
                return "keys must be strings"
            if want_str and not isinstance(v, str):
                return f"value of {k!r} must be a string"
            if not want_str and (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)):
                return f"value of {k!r} must be a finite number"
        return None
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


_RULES: dict[str, Callable[[Mapping[str, Any], list[str]], None]] = {
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


def validate(kind: EventKind, event: Mapping[str, Any]) -> None:
    """Raises InvalidEventError naming every problem of ``event`` against ``kind``; returns when it is valid."""
    if not isinstance(event, Mapping):
        raise InvalidEventError(f"{kind.record}: expected a mapping, got {type(event).__name__}")
    problems: list[str] = []
    for f in kind.fields:
        value = event.get(f.name)
        if value is None:
            if f.required:
                problems.append(f"{f.name}: required field is missing")
            continue
        why = _type_problem(f, value)
        if why is not None:
            shown = repr(value)
            problems.append(f"{f.name}: {why}, got {shown[:80]}")
    if not problems:
        if event["event_time"] <= 0:
            problems.append(f"event_time: must be epoch milliseconds > 0 ({event['event_time']})")
        if not event["event_id"].strip():
            problems.append("event_id: required and must not be blank")
        _RULES[kind.record](event, problems)
    if problems:
        raise InvalidEventError(f"{kind.record}: " + "; ".join(problems))

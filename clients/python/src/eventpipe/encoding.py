"""Per-event-type encoders compiled once from the field lists of ``schema``: check and write JSON in one pass.

``encoder(kind)(event, source, source_json)`` returns the event's JSON text when it satisfies its contract and
None when it does not; the caller then asks ``validation.validate`` for the reason (the reference validator,
which names every problem). The encoder is generated from the same ``schema`` field lists the parity test
compares with the ``.avsc`` files, applies the same type checks as ``validate`` and then the same rule
functions (``validation.RULES``), so both accept exactly the same events (tests/test_encoding.py checks this
over valid and invalid events of every kind). It is faster because each field's check and JSON fragment are
straight-line code (no per-field calls, no generic encoder walking a dict), and because the publisher's own
``source`` is written from JSON encoded once (``source_json``) when the event carries that very object.
Fields outside the contract are not written (the aggregator ignores unknown fields); optional fields that
are absent or None are written as null, which the aggregator reads as the schema default, the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from . import schema
from .schema import EventKind, Field
from .validation import RULES, is_finite_number, map_problem, source_problem

Encoder = Callable[[Mapping[str, Any], object, str], "str | None"]

# One encoder for the values written by the general path (maps, foreign source objects): json.dumps with
# arguments builds a new encoder per call.
JSON = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
_STRING = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]  # the C function json.dumps uses


def _number(v: Any) -> str | None:
    """JSON of a finite number that is not a bool, as json.dumps writes it; None for anything else."""
    if not is_finite_number(v):
        return None
    return float.__repr__(v) if isinstance(v, float) else int.__repr__(v)


def _map(v: Any, want_str: bool) -> str | None:
    return None if map_problem(v, want_str) is not None else JSON.encode(dict(v))


def _source(v: Any) -> str | None:
    return None if source_problem(v) is not None else JSON.encode(v)


_INT_BOUNDS = {schema.LONG: (-(2**63), 2**63), schema.INT: (-(2**31), 2**31)}


def _field_code(i: int, f: Field, env: dict[str, Any]) -> list[str]:
    """Lines that leave field ``f``'s JSON fragment in ``j{i}`` or return None; ``v{i}`` holds the value."""
    v, j = f"v{i}", f"j{i}"
    lines = [f"{v} = e.get({f.name!r})"]
    missing = f"{j} = 'null'" if not f.required else "return None"
    t = f.type
    if t == schema.STRING:
        check = [f"if isinstance({v}, str): {j} = _STRING({v})", f"else: return None"]
    elif t in _INT_BOUNDS:
        lo, hi = _INT_BOUNDS[t]
        check = [f"if type({v}) is int and {lo} <= {v} < {hi}: {j} = int.__repr__({v})", "else: return None"]
    elif t == schema.DOUBLE:
        # Exact floats first: v - v == 0.0 is false for inf and nan.
        check = [f"if type({v}) is float and {v} - {v} == 0.0: {j} = float.__repr__({v})",
                 f"else:", f"    {j} = _number({v})", f"    if {j} is None: return None"]
    elif t == "enum":
        env[f"_symbols{i}"] = {s: _STRING(s) for s in f.symbols}
        check = [f"{j} = _symbols{i}.get({v}) if isinstance({v}, str) else None", f"if {j} is None: return None"]
    elif t == schema.SOURCE:
        check = [f"if {v} is source: {j} = source_json", f"else:", f"    {j} = _source({v})",
                 f"    if {j} is None: return None"]
    elif t in (schema.STRING_MAP, schema.DOUBLE_MAP):
        check = [f"{j} = _map({v}, {t == schema.STRING_MAP})", f"if {j} is None: return None"]
    else:
        raise AssertionError(f"unhandled field type {t}")
    lines.append(f"if {v} is None: {missing}")
    lines.append("else:")
    lines.extend("    " + c for c in check)
    return lines


def compile_encoder(kind: EventKind) -> Encoder:
    """Generates ``kind``'s encoder from its field list (see the module docstring)."""
    env: dict[str, Any] = {"_STRING": _STRING, "_number": _number, "_map": _map, "_source": _source,
                           "_rules": RULES[kind.record]}
    body: list[str] = []
    for i, f in enumerate(kind.fields):
        body.extend(_field_code(i, f, env))
    names = [f.name for f in kind.fields]
    # The common rules of validate(), then the kind's own; the rule functions report into a list.
    body.append(f"if v{names.index('event_time')} <= 0 or not v{names.index('event_id')}.strip(): return None")
    body.append("problems = []")
    body.append("_rules(e, problems)")
    body.append("if problems: return None")
    parts = ",".join(f'"{name}":{{j{i}}}' for i, name in enumerate(names)).replace('"', '\\"')
    body.append(f'return f"{{{{{parts}}}}}"')
    src = "def encode(e, source, source_json):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(src, f"<eventpipe encoder {kind.record}>", "exec"), env)  # noqa: S102 - our own generated code
    encode: Encoder = env["encode"]
    return encode


ENCODERS: dict[str, Encoder] = {k.record: compile_encoder(k) for k in schema.KINDS}

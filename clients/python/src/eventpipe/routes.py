"""Route templates for paths no framework route matched (404s, raw ASGI apps), with bounded cardinality.

The same rules as RouteTemplates in the Java producers: an all-digit segment becomes ``{id}``, a UUID
``{uuid}``, a long hex string or random-looking token ``{token}``; beyond ``max_derived`` distinct templates
every new one becomes ``/{other}``, so a scanner hitting random paths cannot create unbounded label values.
"""

from __future__ import annotations

import re
import threading

OTHER = "/{other}"

_NUMBER = re.compile(r"\d+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]{16,}")
_TOKEN = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-=.~]{20,}")


def _placeholder(segment: str) -> str:
    if _NUMBER.fullmatch(segment):
        return "{id}"
    if _UUID.fullmatch(segment):
        return "{uuid}"
    if _HEX.fullmatch(segment) or _TOKEN.fullmatch(segment):
        return "{token}"
    return segment


class RouteTemplates:
    """Thread-safe raw path -> template, admitting at most ``max_derived`` distinct templates."""

    def __init__(self, max_derived: int = 200) -> None:
        if max_derived < 0:
            raise ValueError(f"max_derived: must be >= 0, got {max_derived}")
        self._max = max_derived
        self._derived: set[str] = set()
        self._lock = threading.Lock()

    def template(self, raw_path: str) -> str:
        path = raw_path.split("?", 1)[0].split("#", 1)[0]
        segments = [s for s in path.split("/") if s]
        return self.admit("/" + "/".join(_placeholder(s) for s in segments))

    def admit(self, template: str) -> str:
        if template in self._derived:
            return template
        with self._lock:
            if template not in self._derived and len(self._derived) >= self._max:
                return OTHER
            self._derived.add(template)
            return template

"""EventMiddleware: one RequestEvent per HTTP request of an ASGI app (FastAPI, Starlette).

The route is the matched template (FastAPI sets ``scope["route"]``; under a ``Mount`` the mount's prefix is
kept), never the raw path; unmatched paths go through RouteTemplates. It records method, status, duration,
request and response body sizes, user id and plan from an optional hook, and the current OpenTelemetry
trace/span ids. A publishing problem never fails or delays the request: it is counted and logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .publisher import EventPublisher
from .routes import RouteTemplates
from .validation import InvalidEventError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
UserHook = Callable[[Scope], "tuple[str | None, str | None] | None"]

log = logging.getLogger("eventpipe")


class EventMiddleware:
    """ASGI middleware: ``app.add_middleware(EventMiddleware, publisher=pub)``.

    ``user(scope)`` may return ``(user_id, plan)`` (called after the app ran, so auth may have filled
    ``scope["state"]``); ``clock`` is the monotonic clock in seconds (tests give a fake one).
    """

    def __init__(self, app: ASGIApp, publisher: EventPublisher, *, user: UserHook | None = None,
                 routes: RouteTemplates | None = None, clock: Callable[[], float] = time.perf_counter) -> None:
        self.app = app
        self.publisher = publisher
        self.user = user
        self.routes = routes or RouteTemplates()
        self.clock = clock
        self._warned = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = self.clock()
        root_path = scope.get("root_path", "")
        status = 500
        request_bytes = 0
        response_bytes = 0

        async def counting_receive() -> Message:
            nonlocal request_bytes
            message = await receive()
            body = message.get("body")
            if body:
                request_bytes += len(body)
            return message

        async def counting_send(message: Message) -> None:
            nonlocal status, response_bytes
            kind = message["type"]
            if kind == "http.response.start":
                status = message["status"]
            elif kind == "http.response.body":
                body = message.get("body")
                if body:
                    response_bytes += len(body)
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            self._record(scope, root_path, status, self.clock() - start, request_bytes, response_bytes)

    def _route(self, scope: Scope, root_path: str) -> str:
        route = scope.get("route")
        path = getattr(route, "path", None)
        if isinstance(path, str) and path.startswith("/"):
            prefix = scope.get("root_path", "")[len(root_path):]
            return self.routes.admit(prefix + path)
        return self.routes.template(scope.get("path", "/"))

    def _record(self, scope: Scope, root_path: str, status: int, duration: float,
                request_bytes: int, response_bytes: int) -> None:
        try:
            user_id, plan = (self.user(scope) or (None, None)) if self.user else (None, None)
            self.publisher.record_request(scope["method"], self._route(scope, root_path), status, max(duration, 0.0),
                                          request_bytes=request_bytes, response_bytes=response_bytes,
                                          user_id=user_id, plan=plan)
        except InvalidEventError as e:
            self.publisher.count_dropped("invalid")
            self._warn_once(e)
        except Exception as e:  # noqa: BLE001 - a telemetry problem must never fail the request
            self.publisher.count_dropped("error")
            self._warn_once(e)

    def _warn_once(self, e: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("eventpipe: request event dropped (further ones are only counted): %s", e)

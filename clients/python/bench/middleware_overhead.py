"""Benchmark (not a test): per-request cost of EventMiddleware against a prometheus_client middleware on the
same FastAPI app, side by side, with no middleware as the baseline.

    /usr/bin/python3 clients/python/bench/middleware_overhead.py --bootstrap 127.0.0.1:9092 [--requests 20000]

The app is called as ASGI directly (no HTTP server, no test client) so the few microseconds of instrumentation
are not lost in transport noise. Rounds alternate the variants; the median per-request time is reported.
Variants: none; prometheus_client (Counter + Histogram, labels method/endpoint/status from the route template,
the same pure-ASGI shape as EventMiddleware); eventpipe with a live broker; eventpipe with Kafka unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi import FastAPI  # noqa: E402
from prometheus_client import CollectorRegistry, Counter, Histogram  # noqa: E402

from eventpipe import EventMiddleware, EventPublisher  # noqa: E402

BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class PrometheusMiddleware:
    """What a prometheus_client service does per request, in the same ASGI shape as EventMiddleware."""

    def __init__(self, app: Any, registry: CollectorRegistry) -> None:
        self.app = app
        self.requests = Counter("http_requests_total", "requests", ["method", "endpoint", "status"], registry=registry)
        self.duration = Histogram("http_request_duration_seconds", "duration", ["method", "endpoint"],
                                  buckets=BUCKETS, registry=registry)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def wrapped_send(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, wrapped_send)
        finally:
            route = scope.get("route")
            endpoint = getattr(route, "path", scope["path"])
            self.requests.labels(scope["method"], endpoint, str(status)).inc()
            self.duration.labels(scope["method"], endpoint).observe(time.perf_counter() - start)


def make_app() -> FastAPI:
    app = FastAPI()

    @app.get("/users/{user_id}")
    async def user(user_id: int) -> dict[str, int]:
        return {"id": user_id}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


async def drive(app: Any, n: int) -> tuple[float, float, float]:
    """(wall, caller-thread CPU, process CPU) seconds per request for n GET requests through the ASGI app."""
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        return None

    paths = [f"/users/{i}" if i % 4 else "/health" for i in range(100)]
    start, thread0, process0 = time.perf_counter(), time.thread_time(), time.process_time()
    for i in range(n):
        path = paths[i % 100]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
                 "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"", "headers": [],
                 "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
        await app(scope, receive, send)
    return ((time.perf_counter() - start) / n, (time.thread_time() - thread0) / n, (time.process_time() - process0) / n)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()

    live = EventPublisher(bootstrap=args.bootstrap, service="bench-py")
    down = EventPublisher(bootstrap=f"127.0.0.1:{closed_port()}", service="bench-py-down",
                          buffer_capacity=1000, close_timeout_s=0.1)
    variants: dict[str, Any] = {}
    variants["none"] = make_app()
    app = make_app()
    app.add_middleware(PrometheusMiddleware, registry=CollectorRegistry())
    variants["prometheus_client"] = app
    app = make_app()
    app.add_middleware(EventMiddleware, publisher=live)
    variants["eventpipe (broker up)"] = app
    app = make_app()
    app.add_middleware(EventMiddleware, publisher=down)
    variants["eventpipe (Kafka unreachable)"] = app

    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in variants}
    loop = asyncio.new_event_loop()
    for name, a in variants.items():  # warm-up
        loop.run_until_complete(drive(a, 2000))
    for _ in range(args.rounds):
        for name, a in variants.items():
            results[name].append(loop.run_until_complete(drive(a, args.requests)))
            time.sleep(0.2)  # let the delivery thread catch up between rounds
    live.close()
    down.close()
    med = {k: [statistics.median(x[i] for x in xs) for i in range(3)] for k, xs in results.items()}
    print(f"{args.requests} requests x {args.rounds} rounds, medians per request; load average {os.getloadavg()[0]:.1f}")
    print("| variant | wall µs | caller-thread CPU µs | overhead (thread CPU) µs | vs prometheus_client | process CPU µs (incl. librdkafka threads) |")
    print("|---|---|---|---|---|---|")
    base = med["none"][1]
    prom = med["prometheus_client"][1] - base
    for name, (wall, thread, proc) in med.items():
        over = thread - base
        ratio = "" if name == "none" else f"{over / prom:.2f}×"
        print(f"| {name} | {wall * 1e6:.1f} | {thread * 1e6:.1f} | {over * 1e6:.1f} | {ratio} | {proc * 1e6:.1f} |")
    print(f"eventpipe live: {live.stats()}")
    s = down.stats()
    print(f"eventpipe down: accepted={s.accepted} dropped={s.dropped} failed={s.failed}")


if __name__ == "__main__":
    main()

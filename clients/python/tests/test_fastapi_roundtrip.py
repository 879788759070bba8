"""A real FastAPI app behind EventMiddleware -> the embedded broker -> the aggregator -> /metrics, exactly."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient
from pipeline_procs import REQUEST_BUCKETS, Pipeline, consume, le, series_id

from eventpipe import EventMiddleware, EventPublisher

# Dyadic durations: every sum of them is exact in binary floating point, so _sum compares exactly. 0.25 and
# 2.5 sit on bucket bounds (le is inclusive).
DURATIONS = (0.0078125, 0.015625, 0.046875, 0.09375, 0.25, 0.75, 2.5, 7.5, 12.0)


class FakeClock:
    """The middleware's clock; handlers advance it by the duration the test asks for."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def build_app(pub: EventPublisher, clock: FakeClock, **middleware: Any) -> FastAPI:
    app = FastAPI()
    v2 = FastAPI()

    def took(request: Request) -> None:
        clock.now += float(request.headers.get("x-duration", "0"))

    @app.get("/users/{user_id}")
    def user(user_id: int, request: Request) -> dict[str, int]:
        took(request)
        if user_id % 5 == 0:
            raise HTTPException(status_code=404, detail="no such user")
        return {"id": user_id}

    @app.get("/users/{user_id}/images/{image_id}")
    def image(user_id: int, image_id: str, request: Request) -> dict[str, str]:
        took(request)
        return {"image": image_id}

    @app.post("/orders", status_code=201)
    async def order(request: Request) -> dict[str, int]:
        took(request)
        return {"bytes": len(await request.body())}

    @app.get("/boom")
    def boom(request: Request) -> None:
        took(request)
        raise RuntimeError("handler failed")

    @v2.get("/items/{item_id}")
    def item(item_id: str, request: Request) -> dict[str, str]:
        took(request)
        return {"item": item_id}

    app.mount("/v2", v2)
    app.add_middleware(EventMiddleware, publisher=pub, clock=clock, **middleware)
    return app


def requests_plan(n: int) -> list[tuple[str, str, str, float, int]]:
    """(method, raw path, expected endpoint, duration, expected status) for request i."""
    plan = []
    for i in range(n):
        d = DURATIONS[i % len(DURATIONS)]
        match i % 6:
            case 0 | 1:
                plan.append(("GET", f"/users/{i}", "/users/{user_id}", d, 404 if i % 5 == 0 else 200))
            case 2:
                plan.append(("GET", f"/users/{i}/images/img-{i}", "/users/{user_id}/images/{image_id}", d, 200))
            case 3:
                plan.append(("POST", "/orders", "/orders", d, 201))
            case 4:
                plan.append(("GET", f"/v2/items/{i}", "/v2/items/{item_id}", d, 200) if i % 4 else
                            ("GET", "/boom", "/boom", d, 500))
            case _:
                plan.append(("GET", f"/missing/{i}", "/missing/{id}", 0.0, 404))
    return plan


def expected_series(service: str, plan: list[tuple[str, str, str, float, int]]) -> dict[str, float]:
    counts: Counter[tuple[str, str, int]] = Counter()
    observations: dict[tuple[str, str], list[float]] = defaultdict(list)
    for method, _, endpoint, d, status in plan:
        counts[(method, endpoint, status)] += 1
        observations[(method, endpoint)].append(d)
    out: dict[str, float] = {}
    for (method, endpoint, status), n in counts.items():
        labels = {"service": service, "method": method, "endpoint": endpoint, "status": str(status)}
        out[series_id("http_requests_total", labels)] = float(n)
    for (method, endpoint), values in observations.items():
        labels = {"service": service, "method": method, "endpoint": endpoint}
        for bound in REQUEST_BUCKETS:
            out[series_id("http_request_duration_seconds_bucket", {**labels, "le": le(bound)})] = float(
                sum(1 for v in values if v <= bound))
        out[series_id("http_request_duration_seconds_bucket", {**labels, "le": "+Inf"})] = float(len(values))
        out[series_id("http_request_duration_seconds_count", labels)] = float(len(values))
        out[series_id("http_request_duration_seconds_sum", labels)] = sum(values)
    return out


def test_thousand_requests_reach_metrics_exactly(pipeline: Pipeline) -> None:
    service = "py-fastapi"
    plan = requests_plan(1000)
    pub = EventPublisher(bootstrap=pipeline.bootstrap, service=service)
    clock = FakeClock()
    with TestClient(build_app(pub, clock), raise_server_exceptions=False) as client:
        for method, path, _, d, status in plan:
            r = client.request(method, path, headers={"x-duration": repr(d)}, content=b"{}" if method == "POST" else None)
            assert r.status_code == status, (method, path)
    pub.close()
    stats = pub.stats()
    assert (stats.accepted, stats.sent["events.requests"], stats.failed, stats.pending) == (1000, 1000, {}, 0)
    assert sum(stats.dropped.values()) == 0

    expected = expected_series(service, plan)
    got = pipeline.wait_for(expected, lambda s: s.startswith("http_request") and f'service="{service}"' in s)
    assert got == expected


def test_event_fields_as_published(pipeline: Pipeline) -> None:
    service = "py-fields"
    pub = EventPublisher(bootstrap=pipeline.bootstrap, service=service, instance="api-7")
    clock = FakeClock()
    app = build_app(pub, clock, user=lambda scope: ("u-42", "pro"))
    with TestClient(app) as client:
        assert client.post("/orders", content=b'{"sku": 12345}', headers={"x-duration": "0.5"}).status_code == 201
    pub.close()

    records = consume(pipeline.bootstrap, "events.requests", 1,
                      keep=lambda m: json.loads(m.value())["source"]["service"] == service)
    assert len(records) == 1
    assert records[0].key() == b"py-fields/api-7"
    event = json.loads(records[0].value())
    assert isinstance(event.pop("event_id"), str) and event.pop("event_time") > 1_700_000_000_000
    assert event == {"source": {"service": service, "instance": "api-7"}, "method": "POST", "route": "/orders",
                     "status_code": 201, "duration_seconds": 0.5, "request_bytes": 14, "response_bytes": 12,
                     "user_id": "u-42", "plan": "pro", "trace_id": None, "span_id": None}

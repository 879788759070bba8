"""An event that breaks its contract is refused by the client with an error naming the field; forced onto
Kafka anyway, the aggregator dead-letters it with the reason."""

from __future__ import annotations

import json
import time

import pytest
from confluent_kafka import Producer
from pipeline_procs import Pipeline, consume

from eventpipe import EventPublisher, InvalidEventError
from eventpipe import schema


def request_without_route() -> dict[str, object]:
    return {"event_id": "bad-1", "event_time": time.time_ns() // 1_000_000,
            "source": {"service": "py-bad", "instance": "i-1"}, "method": "GET", "status_code": 200,
            "duration_seconds": 0.1}


def test_missing_field_is_refused_then_dead_lettered_when_forced(pipeline: Pipeline) -> None:
    pub = EventPublisher(bootstrap=pipeline.bootstrap, service="py-bad")
    with pytest.raises(InvalidEventError) as refused:
        pub.record(schema.REQUEST, request_without_route())
    assert str(refused.value) == "RequestEvent: route: required field is missing"
    pub.close()
    assert pub.stats().accepted == 0

    raw = Producer({"bootstrap.servers": pipeline.bootstrap})
    raw.produce("events.requests", key="py-bad/i-1", value=json.dumps(request_without_route()))
    assert raw.flush(30) == 0

    series = 'eventpipe_dead_letters_total{reason="missing_field",topic="events.requests"}'
    assert pipeline.wait_for({series: 1.0}, lambda s: s == series) == {series: 1.0}
    [dead] = consume(pipeline.bootstrap, "pipeline.dead-letter", 1, keep=lambda m: m.key() == b"py-bad/i-1")
    headers = {k: v.decode() for k, v in dead.headers()}
    assert headers["dlq.reason"] == "missing_field"
    assert headers["dlq.detail"] == "route: required field is missing"
    assert headers["dlq.source.topic"] == "events.requests"
    assert json.loads(dead.value()) == request_without_route() | {"event_time": json.loads(dead.value())["event_time"]}

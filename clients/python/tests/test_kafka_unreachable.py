"""With Kafka unreachable, every request still completes; what does not fit librdkafka's bounded queue is
dropped and counted, and close() gives up on the rest after its timeout, counting them too."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pipeline_procs import free_port
from test_fastapi_roundtrip import FakeClock, build_app

from eventpipe import EventPublisher


def test_requests_complete_and_drops_are_counted() -> None:
    pub = EventPublisher(bootstrap=f"127.0.0.1:{free_port()}", service="py-down", buffer_capacity=10,
                         close_timeout_s=0.2, kafka={"message.timeout.ms": 300_000})  # none expire mid-test
    with TestClient(build_app(pub, FakeClock())) as client:
        statuses = {client.get(f"/users/{5 * i + 1}").status_code for i in range(1000)}
    assert statuses == {200}
    stats = pub.stats()
    assert (stats.accepted, stats.dropped["buffer_full"], stats.pending) == (10, 990, 10)
    pub.close()
    stats = pub.stats()
    assert (stats.sent["events.requests"], stats.failed, stats.pending) == (0, {"close_timeout": 10}, 0)
    assert pub.record_request("GET", "/x", 200, 0.1) is False
    assert pub.stats().dropped["closed"] == 1

"""record_custom publishes issue 9's CustomEvent to events.custom. Until that topic exists (issue 9 is not
built), the broker refuses it: the custom event is counted as failed and the other events are unaffected."""

from __future__ import annotations

import json

from pipeline_procs import REPO, Pipeline, consume

from eventpipe import EventPublisher

CATALOG = REPO / "event-schemas/src/main/java/io/eventpipe/schemas/topics/Topics.java"


def test_custom_event_is_published_or_counted_as_failed_without_its_topic(pipeline: Pipeline) -> None:
    pub = EventPublisher(bootstrap=pipeline.bootstrap, service="py-custom", kafka={"message.timeout.ms": 1000})
    assert pub.record_custom("db_query", {"operation": "select", "table": "users"}, {"duration_seconds": 0.004})
    assert pub.record_request("GET", "/after-custom", 200, 0.1)
    pub.close()
    stats = pub.stats()
    assert stats.sent["events.requests"] == 1
    if '"events.custom"' not in CATALOG.read_text():
        assert (stats.sent["events.custom"], stats.failed) == (0, {"msg_timed_out": 1})
        return
    assert (stats.sent["events.custom"], stats.failed) == (1, {})
    [m] = consume(pipeline.bootstrap, "events.custom", 1, keep=lambda m: m.key() == b"db_query")
    event = json.loads(m.value())
    assert (event["name"], event["attributes"], event["measurements"]) == (
        "db_query", {"operation": "select", "table": "users"}, {"duration_seconds": 0.004})

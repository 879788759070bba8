"""EventPublisher: hands events to librdkafka's bounded local queue and never makes the caller wait on Kafka.

``produce()`` only enqueues; when the queue is full (Kafka slow or down) the event is dropped and counted,
never blocking the event loop or a worker. The producer is idempotent with acks=all and lz4; a daemon thread
serves delivery reports, which count sent and failed events. ``close()`` flushes, waiting at most the close
timeout; what is still undelivered then is counted as failed with reason ``close_timeout``.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from confluent_kafka import KafkaError, Producer  # type: ignore[import]  # no stubs

from . import schema
from .config import PublisherSettings
from .schema import EventKind
from .trace import current_ids
from .encoding import ENCODERS, JSON
from .validation import validate

log = logging.getLogger("eventpipe")

_WARN_EVERY_S = 60.0


@dataclass(frozen=True, slots=True)
class PublisherStats:
    """What happened to the events offered so far. ``pending`` = accepted - sent - failed."""

    accepted: int
    sent: dict[str, int]
    failed: dict[str, int]
    dropped: dict[str, int]

    @property
    def pending(self) -> int:
        return self.accepted - sum(self.sent.values()) - sum(self.failed.values())


class _EventIds:
    """Event ids in the UUID text form, unique per process: a random prefix (74 random bits besides the version
    4 and variant bits) drawn from the OS once, then a 48-bit counter. Much cheaper per event than a random
    UUID each time (os.urandom per event also released the GIL to the delivery thread, which then held it:
    measured, that doubled the middleware's cost). A forked child (Celery's prefork pool) draws a new prefix,
    so parent and children never share one."""

    def __init__(self) -> None:
        self._renew()
        os.register_at_fork(after_in_child=self._renew)

    def _renew(self) -> None:
        h = f"{int.from_bytes(os.urandom(10), 'big') >> 4:019x}"  # 76 bits, 2 of them set by the variant
        self.prefix = f"{h[:8]}-{h[8:12]}-4{h[12:15]}-{_VARIANT[int(h[15], 16) & 3]}{h[16:19]}-"
        self.counter = itertools.count(int.from_bytes(os.urandom(4), "big"))  # next() is atomic under the GIL

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter) & 0xFFFF_FFFF_FFFF:012x}"


_VARIANT = "89ab"
_IDS = _EventIds()


def _event_id() -> str:
    """A new event id (see _EventIds)."""
    return _IDS.next()


def _key(kind: EventKind, event: Mapping[str, Any]) -> str:
    if kind is schema.REQUEST:
        return f"{event['source']['service']}/{event['source']['instance']}"
    if kind is schema.GENERATION:
        return str(event["job_id"])
    if kind is schema.QUEUE:
        return str(event["queue_name"])
    if kind is schema.CUSTOM:
        return str(event["name"])
    return str(event["user_id"])  # billing and activity: a user's facts stay ordered


class EventPublisher:
    """Publishes pipeline events as JSON; ``record_*`` never block, invalid events raise InvalidEventError."""

    def __init__(self, bootstrap: str | None = None, service: str | None = None, *, instance: str | None = None,
                 buffer_capacity: int = 10_000, close_timeout_s: float = 10.0,
                 kafka: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> None:
        self.settings = PublisherSettings.resolve(bootstrap, service, instance, environ,
                                                  buffer_capacity=buffer_capacity, close_timeout_s=close_timeout_s,
                                                  kafka=dict(kafka or {}))
        self.service = self.settings.service
        self.instance = self.settings.instance
        self._source = {"service": self.service, "instance": self.instance}
        self._source_json = JSON.encode(self._source)  # written as is for events carrying this very object
        self._request_key = _key(schema.REQUEST, {"source": self._source})
        self._request_encoder = ENCODERS[schema.REQUEST.record]
        self._lock = threading.Lock()
        self._accepted = 0
        self._sent: Counter[str] = Counter({k.topic: 0 for k in schema.KINDS})
        self._failed: Counter[str] = Counter()
        self._dropped: Counter[str] = Counter({"buffer_full": 0, "closed": 0, "invalid": 0})
        self._closing = False
        self._last_warning = 0.0
        conf = self.settings.librdkafka()
        conf["error_cb"] = self._on_error
        conf["on_delivery"] = self._on_delivery  # one callback for all: no per-message callback object
        conf["logger"] = logging.getLogger("eventpipe.kafka")  # librdkafka's log lines, not raw stderr
        self._producer = Producer(conf)
        self._poller = threading.Thread(target=self._serve, name="eventpipe-delivery", daemon=True)
        self._poller.start()

    # --- the generic entry point -------------------------------------------------------------------------

    def record(self, kind: EventKind, fields: Mapping[str, Any]) -> bool:
        """Completes ``fields`` (event_id, event_time, source when absent), validates and enqueues the event.

        Returns False when it was dropped (queue full, publisher closed); raises InvalidEventError when the
        event breaks its contract, so a caller's bug is seen at once instead of in the dead-letter topic.
        """
        return self._publish(kind, dict(fields))

    def _publish(self, kind: EventKind, event: dict[str, Any]) -> bool:
        """record() on a dict this publisher may complete in place."""
        if event.get("event_id") is None:
            event["event_id"] = _event_id()
        if event.get("event_time") is None:
            event["event_time"] = time.time_ns() // 1_000_000
        if event.get("source") is None:
            event["source"] = self._source
        return self._enqueue(kind.topic, _key(kind, event), self._encode(kind, event))

    def _encode(self, kind: EventKind, event: Mapping[str, Any]) -> str:
        """The event's JSON, or InvalidEventError from the reference validator naming every problem."""
        text = ENCODERS[kind.record](event, self._source, self._source_json)
        if text is None:
            validate(kind, event)  # raises: the encoder accepts exactly what validate() accepts
            raise AssertionError(f"{kind.record}: the encoder refused an event validate() accepts")
        return text

    # --- one helper per event kind -----------------------------------------------------------------------

    def record_request(self, method: str, route: str, status_code: int, duration_seconds: float, *,
                       request_bytes: int | None = None, response_bytes: int | None = None,
                       user_id: str | None = None, plan: str | None = None,
                       trace_id: str | None = None, span_id: str | None = None) -> bool:
        if trace_id is None and span_id is None:
            trace_id, span_id = current_ids()
        # The request path is the hot one: the event dict is built complete (nothing to fill in) and its key is
        # the publisher's constant service/instance.
        event = {
            "event_id": _IDS.next(), "event_time": time.time_ns() // 1_000_000, "source": self._source,
            "method": method.upper(), "route": route, "status_code": status_code, "duration_seconds": duration_seconds,
            "request_bytes": request_bytes, "response_bytes": response_bytes, "user_id": user_id, "plan": plan,
            "trace_id": trace_id, "span_id": span_id}
        text = self._request_encoder(event, self._source, self._source_json)
        if text is None:
            text = self._encode(schema.REQUEST, event)
        return self._enqueue(schema.REQUEST.topic, self._request_key, text)

    def record_generation(self, job_id: str, model: str, plan: str, status: str, queue: str, *,
                          duration_seconds: float | None = None, credits_used: int | None = None,
                          user_id: str | None = None, worker_id: str | None = None) -> bool:
        trace_id, span_id = current_ids()
        return self._publish(schema.GENERATION, {
            "job_id": job_id, "model": model, "plan": plan, "status": status.upper(), "queue": queue,
            "worker_id": worker_id or self.instance, "duration_seconds": duration_seconds,
            "credits_used": credits_used, "user_id": user_id, "trace_id": trace_id, "span_id": span_id})

    def record_billing(self, kind: str, user_id: str, *, plan: str | None = None, from_plan: str | None = None,
                       to_plan: str | None = None, billing_cycle: str | None = None,
                       amount_minor: int | None = None, currency: str | None = None,
                       credits: int | None = None, usage_type: str | None = None) -> bool:
        return self._publish(schema.BILLING, {
            "kind": kind.upper(), "user_id": user_id, "plan": plan, "from_plan": from_plan, "to_plan": to_plan,
            "billing_cycle": billing_cycle.upper() if billing_cycle else None, "amount_minor": amount_minor,
            "currency": currency, "credits": credits, "usage_type": usage_type})

    def record_activity(self, user_id: str, plan: str, action: str) -> bool:
        return self._publish(schema.ACTIVITY, {"user_id": user_id, "plan": plan, "action": action.upper()})

    def record_queue_sample(self, queue_name: str, length: int, active_workers: int) -> bool:
        return self._publish(schema.QUEUE, {"queue_name": queue_name, "length": length,
                                          "active_workers": active_workers})

    def record_custom(self, name: str, attributes: Mapping[str, str] | None = None,
                      measurements: Mapping[str, float] | None = None) -> bool:
        """A generic event (issue 9's CustomEvent on ``events.custom``): a name, string attributes and numbers."""
        trace_id, span_id = current_ids()
        return self._publish(schema.CUSTOM, {
            "name": name, "attributes": dict(attributes or {}), "measurements": dict(measurements or {}),
            "trace_id": trace_id, "span_id": span_id})

    # --- accounting and lifecycle ------------------------------------------------------------------------

    def stats(self) -> PublisherStats:
        with self._lock:
            return PublisherStats(self._accepted, dict(self._sent), dict(self._failed), dict(self._dropped))

    def count_dropped(self, reason: str) -> None:
        """Counts an event an integration gave up on before offering it (e.g. ``invalid`` from a hook)."""
        with self._lock:
            self._dropped[reason] += 1

    def close(self) -> None:
        """Stops accepting events and delivers the queued ones, waiting at most the close timeout."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        left = self._producer.flush(self.settings.close_timeout_s)
        if left:
            # Their delivery reports come back as _PURGE_QUEUE / _PURGE_INFLIGHT and count as close_timeout.
            self._producer.purge()
            self._producer.flush(1.0)
        self._poller.join()

    def __enter__(self) -> EventPublisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _enqueue(self, topic: str, key: str, value: str) -> bool:
        if self._closing:
            self.count_dropped("closed")
            return False
        try:
            self._producer.produce(topic, value, key)
        except BufferError:
            self.count_dropped("buffer_full")
            return False
        with self._lock:
            self._accepted += 1
        return True

    def _on_delivery(self, err: KafkaError | None, msg: Any) -> None:
        with self._lock:
            if err is None:
                self._sent[msg.topic()] += 1
            elif err.code() in (KafkaError._PURGE_QUEUE, KafkaError._PURGE_INFLIGHT):
                self._failed["close_timeout"] += 1
            else:
                self._failed[err.name().strip("_").lower()] += 1

    def _on_error(self, err: KafkaError) -> None:
        now = time.monotonic()
        if now - self._last_warning >= _WARN_EVERY_S:
            self._last_warning = now
            log.warning("eventpipe: Kafka client error (events queue up to buffer_capacity, then drop): %s", err)

    def _serve(self) -> None:
        while not self._closing:
            self._producer.poll(0.1)

"""Celery integration: GenerationEvents from task signals, and QueueSamples of the broker's queues.

``CeleryEvents(pub).connect()`` hooks ``task_prerun`` (STARTED), ``task_failure`` (FAILED) and
``task_postrun`` (COMPLETED when the task succeeded); a retried run emits nothing terminal, its next run
starts again. Model, plan, user and credits come from the task's kwargs through a hook. With the prefork
pool, create the publisher in each child (``worker_process_init``): librdkafka threads do not survive fork.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from celery import Celery, signals  # type: ignore[import]  # no stubs

from .publisher import EventPublisher
from .validation import InvalidEventError

log = logging.getLogger("eventpipe")


@dataclass(frozen=True, slots=True)
class JobInfo:
    """What a task's run is about: the model, the user's plan, the user, the credits it uses on success."""

    model: str
    plan: str
    user_id: str | None = None
    credits_used: int | None = None


def job_from_kwargs(task: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> JobInfo | None:
    """The default hook: ``model``/``plan`` (required: a task without them is not a generation job),
    ``user_id`` and ``credits`` from the task's keyword arguments."""
    model, plan = kwargs.get("model"), kwargs.get("plan")
    if not model or not plan:
        return None
    credits = kwargs.get("credits")
    return JobInfo(str(model), str(plan), kwargs.get("user_id"), int(credits) if credits is not None else None)


JobHook = Callable[[Any, Sequence[Any], Mapping[str, Any]], JobInfo | None]


class CeleryEvents:
    """Connects Celery's task signals to a publisher; ``disconnect()`` undoes it."""

    def __init__(self, publisher: EventPublisher, *, job: JobHook = job_from_kwargs,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.publisher = publisher
        self.job = job
        self.clock = clock
        self._running: dict[str, tuple[float, JobInfo, str]] = {}
        self._lock = threading.Lock()

    def connect(self) -> CeleryEvents:
        signals.task_prerun.connect(self._prerun, weak=False)
        signals.task_failure.connect(self._failure, weak=False)
        signals.task_postrun.connect(self._postrun, weak=False)
        return self

    def disconnect(self) -> None:
        signals.task_prerun.disconnect(self._prerun)
        signals.task_failure.disconnect(self._failure)
        signals.task_postrun.disconnect(self._postrun)

    def _prerun(self, task_id: str, task: Any, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None,
                **_: Any) -> None:
        info = self.job(task, args or (), kwargs or {})
        if info is None:
            return
        delivery = getattr(task.request, "delivery_info", None) or {}
        queue = delivery.get("routing_key") or getattr(task, "queue", None) or "celery"
        with self._lock:
            self._running[task_id] = (self.clock(), info, queue)
        self._emit(task_id, info, queue, "STARTED", None, None)

    def _failure(self, task_id: str, **_: Any) -> None:
        self._finish(task_id, "FAILED")

    def _postrun(self, task_id: str, state: str | None = None, **_: Any) -> None:
        if state == "SUCCESS":
            self._finish(task_id, "COMPLETED")
        else:  # FAILURE was reported by task_failure; RETRY is not an outcome
            with self._lock:
                self._running.pop(task_id, None)

    def _finish(self, task_id: str, status: str) -> None:
        with self._lock:
            run = self._running.pop(task_id, None)
        if run is None:
            return
        started, info, queue = run
        credits = info.credits_used if status == "COMPLETED" else None
        self._emit(task_id, info, queue, status, max(self.clock() - started, 0.0), credits)

    def _emit(self, task_id: str, info: JobInfo, queue: str, status: str, duration: float | None,
              credits: int | None) -> None:
        try:
            self.publisher.record_generation(task_id, info.model, info.plan, status, queue,
                                             duration_seconds=duration, credits_used=credits, user_id=info.user_id)
        except InvalidEventError as e:  # a hook's bad value must not fail the task
            self.publisher.count_dropped("invalid")
            log.warning("eventpipe: generation event dropped: %s", e)


def workers_per_queue(app: Celery, timeout_s: float = 1.0) -> dict[str, int]:
    """How many workers consume each queue, from a broadcast ``active_queues`` inspection."""
    out: dict[str, int] = {}
    for queues in (app.control.inspect(timeout=timeout_s).active_queues() or {}).values():
        for q in queues:
            out[q["name"]] = out.get(q["name"], 0) + 1
    return out


class QueueSampler:
    """Samples the length of broker queues (Redis, RabbitMQ, any kombu transport) as QueueSamples, with the
    number of workers consuming each (the aggregator's ``celery_active_workers`` sums them over queues).

    ``sample()`` once, or ``start()`` a daemon thread sampling every ``interval_s`` until ``stop()``.
    """

    def __init__(self, publisher: EventPublisher, app: Celery, queues: Iterable[str] = ("celery",), *,
                 interval_s: float = 15.0, active_workers: Callable[[], Mapping[str, int]] | None = None) -> None:
        if interval_s <= 0:
            raise ValueError(f"interval_s: must be > 0, got {interval_s}")
        self.publisher = publisher
        self.app = app
        self.queues = tuple(queues)
        self.interval_s = interval_s
        self.active_workers = active_workers or (lambda: workers_per_queue(app))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def lengths(self) -> dict[str, int]:
        out: dict[str, int] = {}
        with self.app.connection_for_read() as conn:
            for name in self.queues:
                # A channel per queue: RabbitMQ closes a channel whose passive declare found no queue.
                with conn.channel() as channel:
                    try:
                        out[name] = int(channel.queue_declare(queue=name, passive=True).message_count)
                    except conn.channel_errors:
                        out[name] = 0  # not declared yet: nothing was ever sent to it
        return out

    def sample(self) -> dict[str, int]:
        lengths = self.lengths()
        workers = self.active_workers()
        for name, length in lengths.items():
            self.publisher.record_queue_sample(name, length, workers.get(name, 0))
        return lengths

    def start(self) -> QueueSampler:
        self._thread = threading.Thread(target=self._loop, name="eventpipe-queue-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sample()
            except Exception as e:  # noqa: BLE001 - a broker hiccup must not end sampling
                log.warning("eventpipe: queue sample failed: %s", e)
            self._stop.wait(self.interval_s)

"""A Celery app on the in-memory broker with a real worker -> generation events -> the aggregator, exactly."""

from __future__ import annotations

from collections import Counter

from celery import Celery
from celery.contrib.testing.worker import start_worker
from pipeline_procs import GENERATION_BUCKETS, Pipeline, le, series_id

from eventpipe import EventPublisher
from eventpipe.celery_events import CeleryEvents, QueueSampler

MODELS = ("sdxl", "flux")
PLANS = ("free", "pro", "team")


def make_app() -> Celery:
    app = Celery("gen", broker="memory://", backend="cache+memory://")
    app.conf.update(task_default_queue="images", worker_hijack_root_logger=False)

    @app.task(name="generate")
    def generate(prompt: str, *, model: str, plan: str, credits: int, fail: bool, user_id: str) -> str:
        if fail:
            raise ValueError("generation failed")
        return prompt.upper()

    return app


class StepClock:
    """Each reading is 1.5 s after the previous one, so every run lasts exactly 1.5 s (bucket le=5)."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1.5
        return self.t


def test_hundred_tasks_some_failing_reach_metrics_exactly(pipeline: Pipeline) -> None:
    pub = EventPublisher(bootstrap=pipeline.bootstrap, service="py-worker")
    app = make_app()
    app.loader.import_module("celery.contrib.testing.tasks")  # the ping task start_worker checks
    hooks = CeleryEvents(pub, clock=StepClock()).connect()
    expected_runs: Counter[tuple[str, str, str]] = Counter()
    credits: Counter[tuple[str, str]] = Counter()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            results = []
            for i in range(100):
                model, plan, fail = MODELS[i % 2], PLANS[i % 3], i % 7 == 3
                expected_runs[(model, plan, "failed" if fail else "completed")] += 1
                if not fail:
                    credits[(model, plan)] += i
                results.append(app.tasks["generate"].apply_async(
                    args=(f"p{i}",), kwargs={"model": model, "plan": plan, "credits": i, "fail": fail,
                                             "user_id": f"u{i}"}))
            for r in results:
                r.wait(timeout=60, propagate=False)
            outcomes = Counter(r.state for r in results)
    finally:
        hooks.disconnect()
        pub.close()
    assert outcomes == {"SUCCESS": 86, "FAILURE": 14}
    stats = pub.stats()
    assert (stats.accepted, stats.sent["events.generations"], stats.pending, stats.failed) == (200, 200, 0, {})

    expected: dict[str, float] = {}
    for (model, plan, status), n in expected_runs.items():
        expected[series_id("image_generation_total", {"model": model, "plan": plan, "status": status})] = float(n)
    for model in MODELS:
        for plan in PLANS:
            runs = sum(n for (m, p, _), n in expected_runs.items() if (m, p) == (model, plan))
            labels = {"model": model, "plan": plan}
            for bound in GENERATION_BUCKETS:
                expected[series_id("image_generation_duration_seconds_bucket", {**labels, "le": le(bound)})] = (
                    float(runs) if bound >= 1.5 else 0.0)
            expected[series_id("image_generation_duration_seconds_bucket", {**labels, "le": "+Inf"})] = float(runs)
            expected[series_id("image_generation_duration_seconds_count", labels)] = float(runs)
            expected[series_id("image_generation_duration_seconds_sum", labels)] = 1.5 * runs
            expected[series_id("image_generation_credits_used_total", labels)] = float(credits[(model, plan)])
    got = pipeline.wait_for(expected, lambda s: s.startswith("image_generation"))
    assert got == expected


def test_queue_sampler_reports_the_broker_queue_length(pipeline: Pipeline) -> None:
    pub = EventPublisher(bootstrap=pipeline.bootstrap, service="py-sampler")
    app = make_app()
    for i in range(7):  # no worker runs: the messages stay in the queue
        app.tasks["generate"].apply_async(args=("x",), kwargs={"model": "m", "plan": "p", "credits": 0,
                                                               "fail": False, "user_id": "u"}, queue="backlog")
    sampler = QueueSampler(pub, app, ["backlog", "empty"], active_workers=lambda: {"backlog": 3})
    assert sampler.sample() == {"backlog": 7, "empty": 0}
    pub.close()
    expected = {'celery_queue_length{queue_name="backlog"}': 7.0, 'celery_queue_length{queue_name="empty"}': 0.0,
                "celery_active_workers": 3.0}
    got = pipeline.wait_for(expected, lambda s: s.startswith("celery_"))
    assert got == expected

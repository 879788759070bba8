"""A real embedded Kafka broker and aggregator as child processes (``./pipeline broker`` / ``aggregator``),
and a parsed /metrics scrape. Used by the round-trip tests."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
PIPELINE = REPO / "pipeline"
AVRO = REPO / "event-schemas" / "src" / "main" / "avro"

_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')

# Buckets and their `le` texts as the aggregator writes them (docs/metrics.md).
REQUEST_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
GENERATION_BUCKETS = (1, 5, 10, 30, 60, 120, 300, 600)


def le(bound: float) -> str:
    """Formats a bucket bound like the Prometheus Go client (and BucketLabels.le): 1, 2.5, 0.01."""
    return str(int(bound)) if float(bound).is_integer() and abs(bound) < 1e6 else repr(float(bound))


def series_id(name: str, labels: Mapping[str, str]) -> str:
    inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    return f"{name}{{{inner}}}" if inner else name


def parse_metrics(text: str) -> dict[str, float]:
    """Prometheus text exposition -> {series id with labels sorted: value}."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise ValueError(f"unparseable exposition line: {line!r}")
        labels = dict(_LABEL.findall(m.group(2) or ""))
        out[series_id(m.group(1), labels)] = float(m.group(3))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Child:
    """A child process whose output is kept (to show when it fails) and watched for a ready line."""

    def __init__(self, args: list[str], ready: str, log: Path) -> None:
        self.log = log
        self._ready = threading.Event()
        self._out = open(log, "w", encoding="utf-8")
        self.proc = subprocess.Popen([str(PIPELINE), *args], cwd=REPO, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._pump, args=(ready,), daemon=True).start()

    def _pump(self, ready: str) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._out.write(line)
            self._out.flush()
            if ready in line:
                self._ready.set()

    def wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not self._ready.wait(0.2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.proc.args} did not start; its output:\n{self.log.read_text()[-4000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._out.close()


class Pipeline:
    """Broker + aggregator on free ports; ``scrape()`` reads the aggregator's /metrics."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="eventpipe-pyclient-"))
        port = free_port()
        self.bootstrap = f"127.0.0.1:{port}"
        self.metrics_url = f"http://127.0.0.1:{free_port()}/metrics"
        self.broker = Child(["broker", "--port", str(port), "--data-dir", str(self.dir / "kafka")],
                            "Kafka broker ready", self.dir / "broker.log")
        self.aggregator: Child | None = None
        try:
            self.broker.wait_ready(120)
            self.aggregator = Child(["aggregator", "--bootstrap", self.bootstrap, "--metrics-port",
                                     self.metrics_url.split(":")[2].split("/")[0], "--state-dir",
                                     str(self.dir / "state")], "metrics at", self.dir / "aggregator.log")
            self.aggregator.wait_ready(120)
            self._wait_serving(120)
        except BaseException:
            self.stop()
            raise

    def _wait_serving(self, timeout_s: float) -> None:
        """/metrics answers 503 until the Streams app runs; events sent before would still count, but a
        scrape must not fail."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                self.scrape()
                return
            except urllib.error.HTTPError as e:
                if e.code != 503 or time.monotonic() > deadline:
                    raise
            time.sleep(0.3)

    def scrape(self) -> dict[str, float]:
        with urllib.request.urlopen(self.metrics_url, timeout=10) as r:
            return parse_metrics(r.read().decode())

    def wait_for(self, expected: Mapping[str, float], select: Callable[[str], bool],
                 timeout_s: float = 90) -> dict[str, float]:
        """Scrapes until the selected series equal ``expected`` or the deadline passes; returns the last."""
        deadline = time.monotonic() + timeout_s
        while True:
            got = {k: v for k, v in self.scrape().items() if select(k)}
            if got == dict(expected) or time.monotonic() > deadline:
                return got
            time.sleep(0.5)

    def stop(self) -> None:
        for child in (self.aggregator, self.broker):
            if child is not None:
                child.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def consume(bootstrap: str, topic: str, count: int, keep: Callable[[Any], bool] = lambda m: True,
            timeout_s: float = 30) -> list[Any]:
    """Reads ``topic`` from the beginning (a fresh consumer group) until ``count`` records passed ``keep``."""
    from confluent_kafka import Consumer

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"t-{time.time_ns()}",
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([topic])
    out: list[Any] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(out) < count and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None and keep(m):
                out.append(m)
    finally:
        c.close()
    return out

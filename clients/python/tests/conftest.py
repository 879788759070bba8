"""Shared fixtures: one broker + aggregator pair for the whole session (each test uses its own service name)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline_procs import Pipeline  # noqa: E402


@pytest.fixture(scope="session")
def pipeline() -> Iterator[Pipeline]:
    p = Pipeline()
    try:
        yield p
    finally:
        p.stop()

"""Publisher settings from arguments and the environment (EVENTPIPE_BOOTSTRAP, EVENTPIPE_SERVICE,
EVENTPIPE_INSTANCE, EVENTPIPE_KAFKA_*), and the librdkafka configuration they become.

``EVENTPIPE_KAFKA_SECURITY_PROTOCOL=SASL_SSL`` becomes ``security.protocol``: the name after the prefix,
lower-cased, ``_`` written ``.`` (the Kafka property names the Java side reads too). A variable ending in
``_FILE`` names a file whose content is the value (secrets from mounted files); values are never logged.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KAFKA_PREFIX = "EVENTPIPE_KAFKA_"

# The publisher's guarantees; callers may not weaken them through overrides.
_FIXED = {"enable.idempotence": True, "acks": "all"}


def kafka_overrides(environ: Mapping[str, str]) -> dict[str, str]:
    """The Kafka client properties named by EVENTPIPE_KAFKA_* variables."""
    out: dict[str, str] = {}
    for name, value in environ.items():
        if not name.startswith(KAFKA_PREFIX) or name == KAFKA_PREFIX:
            continue
        key = name[len(KAFKA_PREFIX):]
        if key.endswith("_FILE"):
            key = key[: -len("_FILE")]
            try:
                with open(value, encoding="utf-8") as f:
                    value = f.read().strip()
            except OSError as e:
                raise ValueError(f"{name}: cannot read the file it names: {e.strerror}") from None
        out[key.lower().replace("_", ".")] = value
    return out


@dataclass(frozen=True, slots=True)
class PublisherSettings:
    """Where to publish, who is publishing, and how much may wait for Kafka before events are dropped."""

    bootstrap: str
    service: str
    instance: str
    buffer_capacity: int = 10_000
    close_timeout_s: float = 10.0
    kafka: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.bootstrap or not self.bootstrap.strip():
            raise ValueError("bootstrap: required (argument or EVENTPIPE_BOOTSTRAP), e.g. localhost:9092")
        if not self.service or not self.service.strip():
            raise ValueError("service: required (argument or EVENTPIPE_SERVICE), e.g. api")
        if not self.instance or not self.instance.strip():
            raise ValueError("instance: must not be blank")
        if self.buffer_capacity < 1:
            raise ValueError(f"buffer_capacity: must be >= 1, got {self.buffer_capacity}")
        if self.close_timeout_s < 0:
            raise ValueError(f"close_timeout_s: must be >= 0, got {self.close_timeout_s}")
        for key in _FIXED:
            if key in self.kafka:
                raise ValueError(f"kafka: {key} is fixed by the publisher and cannot be overridden")

    @staticmethod
    def resolve(bootstrap: str | None, service: str | None, instance: str | None,
                environ: Mapping[str, str] | None = None, **rest: Any) -> PublisherSettings:
        env = os.environ if environ is None else environ
        kafka = {**kafka_overrides(env), **rest.pop("kafka", {})}
        return PublisherSettings(
            bootstrap=bootstrap or env.get("EVENTPIPE_BOOTSTRAP") or "",
            service=service or env.get("EVENTPIPE_SERVICE") or "",
            instance=instance or env.get("EVENTPIPE_INSTANCE") or f"{socket.gethostname()}-{os.getpid()}",
            kafka=kafka, **rest)

    def librdkafka(self) -> dict[str, Any]:
        """The producer configuration: idempotent, acks=all, lz4, linger 5 ms, a bounded local queue."""
        conf: dict[str, Any] = {
            "bootstrap.servers": self.bootstrap,
            "client.id": f"eventpipe-{self.service}",
            "compression.type": "lz4",
            "linger.ms": 5,
            "queue.buffering.max.messages": self.buffer_capacity,
            # An undeliverable event fails after this long instead of holding a queue slot forever.
            "message.timeout.ms": 30_000,
        }
        conf.update(self.kafka)
        conf.update(_FIXED)
        return conf

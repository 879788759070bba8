"""Settings from arguments and the environment; EVENTPIPE_KAFKA_* become Kafka client properties."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventpipe import PublisherSettings


def test_environment_supplies_bootstrap_service_and_kafka_properties(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    env = {"EVENTPIPE_BOOTSTRAP": "k1:9093,k2:9093", "EVENTPIPE_SERVICE": "api", "EVENTPIPE_INSTANCE": "api-3",
           "EVENTPIPE_KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "EVENTPIPE_KAFKA_SASL_MECHANISM": "PLAIN",
           "EVENTPIPE_KAFKA_SASL_PASSWORD_FILE": str(secret), "UNRELATED": "x"}
    s = PublisherSettings.resolve(None, None, None, env)
    assert (s.bootstrap, s.service, s.instance) == ("k1:9093,k2:9093", "api", "api-3")
    conf = s.librdkafka()
    assert conf["security.protocol"] == "SASL_SSL"
    assert conf["sasl.mechanism"] == "PLAIN"
    assert conf["sasl.password"] == "s3cret"
    assert (conf["enable.idempotence"], conf["acks"], conf["compression.type"]) == (True, "all", "lz4")
    assert conf["queue.buffering.max.messages"] == 10_000


def test_arguments_win_over_the_environment() -> None:
    s = PublisherSettings.resolve("h:1", "front", "f-1", {"EVENTPIPE_BOOTSTRAP": "x:2", "EVENTPIPE_SERVICE": "y"})
    assert (s.bootstrap, s.service, s.instance) == ("h:1", "front", "f-1")


@pytest.mark.parametrize(("env", "message"), [
    ({"EVENTPIPE_SERVICE": "api"}, "bootstrap: required (argument or EVENTPIPE_BOOTSTRAP), e.g. localhost:9092"),
    ({"EVENTPIPE_BOOTSTRAP": "h:1"}, "service: required (argument or EVENTPIPE_SERVICE), e.g. api"),
    ({"EVENTPIPE_BOOTSTRAP": "h:1", "EVENTPIPE_SERVICE": "a", "EVENTPIPE_KAFKA_ACKS": "1"},
     "kafka: acks is fixed by the publisher and cannot be overridden"),
    ({"EVENTPIPE_KAFKA_SSL_KEY_PASSWORD_FILE": "/nonexistent/eventpipe"},
     "EVENTPIPE_KAFKA_SSL_KEY_PASSWORD_FILE: cannot read the file it names: No such file or directory"),
])
def test_errors_name_the_setting(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError) as e:
        PublisherSettings.resolve(None, None, None, env)
    assert str(e.value) == message

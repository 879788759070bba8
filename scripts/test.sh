#!/usr/bin/env bash
# Runs every test: unit, topology (TopologyTestDriver), integration on a real embedded Kafka broker,
# end to end with a real Prometheus and Alertmanager. Installs what it needs when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh" test
cd "$ROOT"
# Two modules at a time: the alert-router's suite needs only event-schemas and embedded-kafka, so it runs beside
# producers -> streams-aggregator -> gpu-collector; both are mostly waiting on brokers, timers and child JVMs.
mvn -B -ntp -T 2 verify "$@"
"$ROOT/clients/test.sh"  # the Python and Node emitters (clients/), round trips on the jar built above

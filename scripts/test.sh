#!/usr/bin/env bash
# Runs every test: unit, topology (TopologyTestDriver), integration on a real embedded Kafka broker,
# end to end with a real Prometheus and Alertmanager. Installs what it needs when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh" test
cd "$ROOT"
exec mvn -B -ntp verify "$@"

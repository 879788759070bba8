#!/usr/bin/env bash
# Runs every test: unit, topology (TopologyTestDriver), integration on a real embedded Kafka broker,
# end to end with a real Prometheus and Alertmanager. Installs what it needs when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh" test
cd "$ROOT"
mvn -B -ntp verify "$@"
"$ROOT/clients/test.sh"  # the Python and Node emitters (clients/), round trips on the jar built above

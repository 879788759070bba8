#!/usr/bin/env bash
# Tests of the Python (clients/python) and Node (clients/node) emitters, round trips included: each suite starts
# a real embedded broker and aggregator with ./pipeline. Installs, when missing, the Debian packages they use
# (Python from Debian: PyPI is not a source of this project) and the Node packages from the lock file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

deb=(python3-confluent-kafka python3-fastapi python3-httpx python3-celery python3-pytest mypy nodejs npm)
need=()
for pkg in "${deb[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
# A Node from elsewhere (nvm, NodeSource) is fine when it is 18 or newer.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
   && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'; then
  need=("${need[@]/nodejs/}"); need=("${need[@]/npm/}")
fi
read -r -a need <<<"${need[*]}"
if (( ${#need[@]} )); then
  sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

"$ROOT/pipeline" --help >/dev/null  # builds the launcher jar the round trips start, when missing or stale

echo "clients: python" >&2
(cd "$ROOT/clients/python" && /usr/bin/python3 -m mypy src/eventpipe && /usr/bin/python3 -m pytest -q -p no:logging)

echo "clients: node" >&2
cd "$ROOT/clients/node"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm test

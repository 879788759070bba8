#!/usr/bin/env bash
# Installs, when missing, what the pipeline needs on a fresh Debian machine.
#   build: a JDK 17+ and Maven.   test: that, plus Prometheus, Alertmanager and kcat for the end-to-end tests, and a
#   compose client (Debian's docker-compose, when the docker compose plugin is absent) to check deploy/compose.
set -euo pipefail
what="${1:-build}"
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [[ "$what" == "test" ]]; then
  command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
  command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
  command -v kcat >/dev/null 2>&1 || need+=(kcat)
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
fi
if (( ${#need[@]} )); then
  sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

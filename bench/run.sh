#!/usr/bin/env bash
# `npm run bench` on a fresh clone: installs what the benchmarks need (node modules; wrk, the
# load generator from Debian's packages, for P1/P2), starts or attaches to PostgreSQL and Kafka,
# then runs every pair (bench/run.ts) and writes docs/benchmarks.md. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if ! command -v wrk >/dev/null; then
  echo "[bench] installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi
bash infra/up.sh
# shellcheck disable=SC1091
source .infra.env
exec node -r @swc-node/register bench/run.ts "$@"

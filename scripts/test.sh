#!/usr/bin/env bash
# The one test command (README quick start, .ci/run): installs what is missing, starts or attaches
# to real PostgreSQL and Kafka, then runs every check and every test tier. Fails on the first error.
set -euo pipefail
cd "$(dirname "$0")/.."
# the supported Node LTS first on PATH (the production image's major), fetched when missing
# shellcheck source=scripts/node-lts.sh
source scripts/node-lts.sh
echo "[test] node $(node -v) at $(command -v node)"
bash scripts/ensure-deps.sh
bash infra/up.sh
# shellcheck disable=SC1091
source .infra.env

step() { echo; echo "=== $*"; }
step "formatting (prettier --check; npm run format fixes it)"; npx prettier --check . --log-level warn
step "no reference outside the repository"; npm run -s check:refs
step "lint (module boundaries included)";   npx nx run-many -t lint --outputStyle=static
step "typecheck";                            npx tsc -p tsconfig.json
[ -f scripts/asyncapi.ts ] && { step "AsyncAPI document is up to date"; npm run -s asyncapi:check; }
[ -f deploy/validate.sh ] && { step "Docker Compose and Kubernetes manifests"; bash deploy/validate.sh; }
step "Chromium for the indicator page test (installed when missing)"; bash scripts/ensure-chromium.sh
step "jest: unit, integration and e2e against real PostgreSQL and Kafka"
npx jest --ci "$@"
[ -f faults/run.sh ] && { step "fault suite (reduced)"; bash faults/run.sh --reduced; }
# The Docker tier (images, compose stack, smoke test, testcontainers; about 10-25 min, stage times
# printed) runs on request only: its CI path (installing and starting an engine on a fresh machine)
# has not yet been proven end to end, and a failure there must not hide the tiers above.
step "Docker tier: images, compose stack, smoke test, integration suites on testcontainers"
if [ "${CIVIC_DOCKER_TIER:-}" = 1 ]; then bash scripts/test-docker.sh
else echo "[docker-tier] skipped: not proven on a fresh CI machine yet; run it with CIVIC_DOCKER_TIER=1 npm test or npm run test:docker"; fi
echo; echo "=== all checks passed"

#!/usr/bin/env bash
# The Docker tier (`npm run test:docker`): base images (pulled, or stand-ins built by
# infra/images/local-bases.sh), every service's image, the compose stack up with health
# conditions, the smoke test (infra/smoke.sh), then the integration suites against PostgreSQL and
# Kafka containers started by testcontainers. Prints each stage's time.
#
# Engine: DOCKER_HOST or the default socket. With CI=true, Debian's docker.io, docker-compose and
# mmdebstrap are installed when missing, and dockerd is started when no engine answers; anywhere
# else a missing engine skips the tier with the reason printed (exit 0), never silently. The compose stack publishes PostgreSQL and Kafka on free host
# ports (POSTGRES_HOST_PORT, KAFKA_HOST_PORT) so it runs beside a machine's own servers; it is
# taken down (with its volume) at the end. Ryuk is disabled (its image cannot be pulled where no
# registry answers); the tier's containers are stopped by jest's global teardown.
# Tunables: DOCKER_TIER_JEST="<jest args>" (default: the *.int-spec.ts suites, the ones that talk to
# PostgreSQL and Kafka directly; the e2e suites, which start services on the same infrastructure,
# already ran on the local tier and would add ~20 min: DOCKER_TIER_JEST="--selectProjects integration").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/node-lts.sh
source scripts/node-lts.sh
say() { echo "[docker-tier] $*"; }
times=()
stage() { # $1 = name, rest = command; records the time
  local name=$1 start=$SECONDS; shift
  echo; echo "=== docker tier: $name"
  "$@"
  times+=("$(printf '%-34s %4d s' "$name" $((SECONDS - start)))")
}
report() { [ ${#times[@]} = 0 ] || { echo; say "stage times:"; printf '  %s\n' "${times[@]}"; }; }

engine_answers() { docker info > /dev/null 2>&1; }
# With CI=true (as root) each missing tool is installed from Debian on its own: a machine may have
# docker.io but not mmdebstrap, which the stand-in base images need when no registry answers.
if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then
  missing=()
  command -v dockerd > /dev/null || missing+=(docker.io)
  command -v docker-compose > /dev/null || missing+=(docker-compose)
  command -v mmdebstrap > /dev/null || missing+=(mmdebstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    say "CI: installing from Debian: ${missing[*]}"
    apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
  fi
fi
if ! engine_answers; then
  if [ "${CI:-}" != true ]; then
    say "SKIPPED: no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}; 'docker info' failed)."
    say "Start one (or set DOCKER_HOST), or run with CI=true to install docker.io and start dockerd."
    exit 0
  fi
  [ "$(id -u)" = 0 ] || { say "SKIPPED: CI=true but not root, so docker.io cannot be installed nor dockerd started"; exit 0; }
  say "CI: starting dockerd (log /tmp/civic-dockerd.log); it is stopped again at the end"
  nohup dockerd > /tmp/civic-dockerd.log 2>&1 &
  # stopped at exit, so a later infra/up.sh on this machine keeps choosing the local servers
  started_dockerd=$!
  for _ in $(seq 1 60); do engine_answers && break; sleep 1; done
  # an engine that cannot be had here (no privileges for dockerd, say) is a skip with the reason
  engine_answers || { tail -20 /tmp/civic-dockerd.log; say "SKIPPED: dockerd did not answer within 60 s (log above)"; exit 0; }
fi
say "engine: $(docker version --format '{{.Server.Version}}' 2> /dev/null) at ${DOCKER_HOST:-the default socket}"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port_taken() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
export POSTGRES_HOST_PORT=${POSTGRES_HOST_PORT:-$(port_taken 5432 && free_port || echo 5432)}
export KAFKA_HOST_PORT=${KAFKA_HOST_PORT:-$(port_taken 9092 && free_port || echo 9092)}
while read -r app port; do
  [[ -z $app || $app == \#* ]] && continue
  if port_taken "$port"; then say "FAILED: port $port ($app) is taken on this machine; the compose stack publishes it"; exit 1; fi
done < deploy/ports.conf

stack_down() { bash infra/compose.sh down -v --remove-orphans > /dev/null 2>&1 || true; }
stop_dockerd() { [ -z "${started_dockerd:-}" ] || kill "$started_dockerd" 2> /dev/null || true; }
trap 'stack_down; report; stop_dockerd' EXIT

stage "base images" bash infra/images/local-bases.sh
stage "service images" bash infra/images/build-apps.sh
bash deploy/dev-secrets.sh > /dev/null
stage "compose up (all services healthy)" bash infra/compose.sh up
stage "smoke test" bash infra/smoke.sh
stage "compose down" stack_down

# The testcontainers tier: libs/testing starts postgres and apache/kafka containers when
# DATABASE_URL and KAFKA_BROKERS are unset and an engine answers (docs/adr/0004).
run_tier() {
  env -u DATABASE_URL -u KAFKA_BROKERS TESTCONTAINERS_RYUK_DISABLED=true CIVIC_INFRA=testcontainers \
    npx jest --ci ${DOCKER_TIER_JEST:---selectProjects integration --testPathPatterns '\.int-spec\.ts$'} -i
}
stage "testcontainers integration tier" run_tier

#!/usr/bin/env bash
# docker-compose.yml with whichever Compose this machine has: `docker compose` (v2) or
# `docker-compose` (v1, Debian's 1.29). DOCKER_HOST is honoured by both.
#   bash infra/compose.sh up [service...]   # up -d, then wait until every started service is
#                                           # healthy (v2: --wait; v1: polls the health status)
#   bash infra/compose.sh <any compose arguments>
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=$root/docker-compose.yml
if docker compose version > /dev/null 2>&1; then compose=(docker compose -f "$file")
elif command -v docker-compose > /dev/null; then compose=(docker-compose -f "$file")
else echo "[compose] neither 'docker compose' nor docker-compose is installed" >&2; exit 1
fi
if [ "${1:-}" != up ]; then exec "${compose[@]}" "$@"; fi
shift
timeout=${COMPOSE_WAIT_SECONDS:-300}
if [ "${compose[1]}" = compose ]; then exec "${compose[@]}" up -d --no-build --wait --wait-timeout "$timeout" "$@"; fi
"${compose[@]}" up -d --no-build "$@"
# v1 has no --wait: poll each container's health (or running state when it has no healthcheck)
deadline=$((SECONDS + timeout))
while :; do
  pending=()
  for id in $("${compose[@]}" ps -q "$@"); do
    state=$(docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}}' "$id")
    read -r name status health code <<< "$state"
    case "$status/$health" in
      running/healthy | running/none) ;;
      exited/*) [ "$code" = 0 ] || { echo "[compose] ${name#/} exited with $code" >&2; docker logs --tail 30 "$id" >&2; exit 1; } ;;
      *) pending+=("${name#/}:$status/$health") ;;
    esac
  done
  [ ${#pending[@]} -eq 0 ] && break
  if [ $SECONDS -ge $deadline ]; then echo "[compose] not healthy after ${timeout}s: ${pending[*]}" >&2; exit 1; fi
  sleep 2
done
echo "[compose] healthy: ${*:-every service}"

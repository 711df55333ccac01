#!/usr/bin/env bash
# Smoke test of a running compose stack (or any deployment on these ports): every service in
# deploy/ports.conf answers /health/ready with 200, and one authenticated route: GET
# /api/v1/dev/clock with a development token of that department's admin role (signed with
# tmp/dev-secrets.env, the secrets the stack runs with), and 401 without a token.
# Usage: bash infra/smoke.sh [base host, default 127.0.0.1]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
host=${1:-127.0.0.1}
fail=0
role_of() { # the admin role of an app's department (libs/platform/src/auth/roles.ts)
  case $1 in
    social-assistance) echo assistance:admin ;; hub-gateway) echo hub:admin ;; policy-engine) echo policy:admin ;;
    *) echo "$1:admin" ;;
  esac
}
while read -r app port; do
  [[ -z $app || $app == \#* ]] && continue
  [ -f "$root/apps/$app/project.json" ] || continue
  base=http://$host:$port
  ready=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$base/health/ready" || true)
  token=$(cd "$root" && node -r @swc-node/register scripts/dev-token.ts --sub smoke --roles "$(role_of "$app")" 2> /dev/null | tail -1)
  authed=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/dev/clock" || true)
  anon=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$base/api/v1/dev/clock" || true)
  if [ "$ready" = 200 ] && [ "$authed" = 200 ] && [ "$anon" = 401 ]; then
    echo "[smoke] $app: /health/ready 200, GET /api/v1/dev/clock 200 with a token, 401 without"
  else
    echo "[smoke] $app FAILED: /health/ready $ready, dev/clock with token $authed (want 200), without $anon (want 401)" >&2
    fail=1
  fi
done < "$root/deploy/ports.conf"
exit $fail

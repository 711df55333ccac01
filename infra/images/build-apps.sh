#!/usr/bin/env bash
# Builds the image of every service (apps/<app>/project.json) as civic-platform/<app>:dev, the
# names docker-compose.yml uses, with BuildKit. The machine's CA bundle (NPM_CA_FILE, else npm's
# cafile, else NODE_EXTRA_CA_CERTS) goes to `npm ci` inside the build as the secret npm_ca: mounted
# for that step only, never baked into a layer. Prints each build's time.
# Usage: bash infra/images/build-apps.sh [app...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=infra/images/docker-cli.sh
source "$root/infra/images/docker-cli.sh"
say() { echo "[build] $*"; }
ca=${NPM_CA_FILE:-$(npm config get cafile 2> /dev/null | grep -v '^null$' || true)}
ca=${ca:-${NODE_EXTRA_CA_CERTS:-}}
secret=()
if [ -n "$ca" ] && [ -s "$ca" ]; then secret=(--secret "id=npm_ca,src=$ca"); say "npm ci inside the build trusts $ca (BuildKit secret)"; fi
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  for d in "$root"/apps/*/; do [ -f "$d/project.json" ] && [ -f "$d/src/main.ts" ] && apps+=("$(basename "$d")"); done
fi
for app in "${apps[@]}"; do
  start=$SECONDS
  docker build -q "${secret[@]}" --build-arg "APP=$app" -t "civic-platform/$app:dev" "$root" > /dev/null ||
    { echo "[build] FAILED: civic-platform/$app:dev" >&2; exit 1; }
  say "civic-platform/$app:dev built in $((SECONDS - start)) s"
done

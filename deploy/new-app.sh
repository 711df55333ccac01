#!/usr/bin/env bash
# Adds a service to the deployment files: its Kubernetes manifests (deploy/base/apps/<app>/ from
# deploy/templates/app), its line in deploy/base/kustomization.yaml, its docker-compose.yml entry
# and, when a port is given and the app has none yet, its line in deploy/ports.conf.
# Usage: bash deploy/new-app.sh <app> [port]      (app = the directory name under apps/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=${1:?usage: deploy/new-app.sh <app> [port]}
[[ $app =~ ^[a-z][a-z0-9-]*[a-z0-9]$ ]] || { echo "app name must be kebab-case: $app" >&2; exit 2; }
ports=$root/deploy/ports.conf

port=$(awk -v a="$app" '$1 == a { print $2 }' "$ports")
if [ -z "$port" ]; then
  port=${2:?"$app has no port in deploy/ports.conf: give one, e.g. deploy/new-app.sh $app 3008"}
  awk -v p="$port" '$2 == p { found = 1 } END { exit !found }' "$ports" && { echo "port $port is taken in deploy/ports.conf" >&2; exit 2; }
  printf '%-17s %s\n' "$app" "$port" >> "$ports"
  echo "added $app $port to deploy/ports.conf"
elif [ -n "${2:-}" ] && [ "$2" != "$port" ]; then
  echo "$app already has port $port in deploy/ports.conf" >&2; exit 2
fi
db="civic_${app//-/_}"
render() { sed -e "s/@APP@/$app/g" -e "s/@PORT@/$port/g" -e "s/@DB@/$db/g" "$1"; }

dir=$root/deploy/base/apps/$app
if [ -d "$dir" ]; then
  echo "deploy/base/apps/$app exists; left as it is"
else
  mkdir -p "$dir"
  for f in "$root"/deploy/templates/app/*.yaml; do render "$f" > "$dir/$(basename "$f")"; done
  echo "wrote deploy/base/apps/$app/"
fi

kustomization=$root/deploy/base/kustomization.yaml
if ! grep -qx "  - apps/$app" "$kustomization"; then
  echo "  - apps/$app" >> "$kustomization"   # resources: is the file's last key
  echo "listed apps/$app in deploy/base/kustomization.yaml"
fi

compose=$root/docker-compose.yml
if ! grep -q "^  $app:\$" "$compose"; then
  render "$root/deploy/templates/compose-service.yaml" >> "$compose"   # services: is the file's last key
  echo "added service $app to docker-compose.yml"
fi

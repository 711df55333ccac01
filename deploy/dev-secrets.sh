#!/usr/bin/env bash
# Creates the development secrets once, in tmp/dev-secrets.env (git-ignored), and prints its path.
# Read by scripts/start.sh, by docker-compose.yml (env_file) and by the dev-token command, so a
# token signed for local use verifies in every locally started service. Never used in production
# (NODE_ENV=production requires JWT_PUBLIC_KEY). One KEY=value per line, taken literally: no
# quotes, no `export`, so bash, compose and Node read the same bytes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=${CIVIC_DEV_SECRETS:-$root/tmp/dev-secrets.env}
if [ ! -s "$file" ]; then
  mkdir -p "$(dirname "$file")"
  hex() { od -An -vtx1 -N32 /dev/urandom | tr -d ' \n'; }
  umask 077
  cat > "$file" <<ENV
JWT_SECRET=$(hex)
PERSON_REF_KEYS={"current":"dev1","keys":{"dev1":"hex:$(hex)"}}
ID_ENCRYPTION_KEYS={"current":"dev1","keys":{"dev1":"hex:$(hex)"}}
ENV
  echo "[secrets] generated development secrets in $file" >&2
fi
echo "$file"

#!/usr/bin/env bash
# Creates civic_<app> (dashes as underscores) for every apps/<app>/project.json under $1, as
# infra/up.sh does on a local server. Idempotent; run by the compose service "databases".
set -euo pipefail
apps=${1:-/apps}
for dir in "$apps"/*/; do
  [ -f "$dir/project.json" ] || continue
  db="civic_$(basename "$dir" | tr - _)"
  if [ "$(psql -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    psql -qc "create database $db" && echo "created database $db"
  else
    echo "database $db exists"
  fi
done

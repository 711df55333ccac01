#!/usr/bin/env bash
# `npm start`: starts the whole system on this machine and prints where everything listens.
#   1. runs on the supported Node LTS (scripts/node-lts.sh) and installs node_modules when missing
#      (scripts/ensure-deps.sh);
#   2. starts or attaches to PostgreSQL and Kafka (infra/up.sh, which also creates one database
#      per service, civic_<app>);
#   3. starts every service under apps/ (apps/<app>/project.json + src/main.ts) in the background
#      on its port from deploy/ports.conf, with its own database, the dev secrets from
#      tmp/dev-secrets.env, logs in tmp/logs/<app>.log and pids in tmp/pids/<app>.pid;
#   4. waits until each answers /health/ready; a service that does not is reported with its log.
# Idempotent: a service already running from an earlier start is reused. Stop: npm run stop.
# Tunables: START_TIMEOUT_SECONDS (180), START_APPS="a b" (a subset of apps/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
timeout=${START_TIMEOUT_SECONDS:-180}
logs=tmp/logs
pids=tmp/pids
docs_path=${DOCS_PATH:-/api/docs-json} # libs/platform/src/bootstrap/openapi.ts
say() { echo "[start] $*"; }

# the supported Node LTS first on PATH, fetched when the machine's node is another major
# shellcheck source=scripts/node-lts.sh
source scripts/node-lts.sh
bash scripts/ensure-deps.sh
bash infra/up.sh
# shellcheck disable=SC1091
source .infra.env
secrets=$(bash deploy/dev-secrets.sh)
# KEY=value lines taken literally (JSON key rings contain quotes and braces)
while IFS= read -r line; do [[ $line =~ ^[A-Z_][A-Z0-9_]*= ]] && export "${line?}"; done < "$secrets"

# The service's own database on the same server: replace the database name in DATABASE_URL.
database_url() { # $1 = app
  local url=$DATABASE_URL query=''
  [[ $url == *\?* ]] && query="?${url#*\?}" && url=${url%%\?*}
  echo "${url%/*}/civic_${1//-/_}$query"
}
# infra/up.sh creates these too, but not when it attaches to servers given in the environment.
ensure_database() { # $1 = app
  local db=civic_${1//-/_}
  [ "$(psql "$DATABASE_URL" -tAc "select 1 from pg_database where datname = '$db'" 2>/dev/null)" = 1 ] ||
    psql "$DATABASE_URL" -qc "create database $db" 2>/dev/null || say "could not create database $db (the service will report it)"
}
port_of() { awk -v a="$1" '$1 == a { print $2 }' deploy/ports.conf; }
alive() { [ -f "$pids/$1.pid" ] && kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null; }
ready() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$1/health/ready" 2>/dev/null; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apps=()
for dir in apps/*/; do
  app=$(basename "$dir")
  [ -f "$dir/project.json" ] || continue
  [ -z "${START_APPS:-}" ] || [[ " $START_APPS " == *" $app "* ]] || continue
  if [ ! -f "$dir/src/main.ts" ]; then say "skipping $app: no apps/$app/src/main.ts"; continue; fi
  apps+=("$app")
done

mkdir -p "$logs" "$pids"
failed=()
for app in "${apps[@]}"; do
  port=$(port_of "$app")
  if [ -z "$port" ]; then
    say "$app has no port in deploy/ports.conf: add a line (or run bash deploy/new-app.sh $app <port>)"
    failed+=("$app"); continue
  fi
  if alive "$app"; then say "$app already running (pid $(cat "$pids/$app.pid")), reusing it"; continue; fi
  if port_taken "$port"; then
    say "$app: port $port is taken by another process; not starting it"
    failed+=("$app"); continue
  fi
  ensure_database "$app"
  echo "=== $(date -u +%FT%TZ) npm start" >> "$logs/$app.log"
  # setsid: the service outlives this script and a Ctrl-C in the terminal that ran it
  NODE_ENV=development HOST=127.0.0.1 PORT=$port DATABASE_URL=$(database_url "$app") KAFKA_BROKERS=$KAFKA_BROKERS \
    TOPIC_PREFIX=${TOPIC_PREFIX:-} SWC_NODE_PROJECT=tsconfig.json \
    setsid node -r @swc-node/register "apps/$app/src/main.ts" >> "$logs/$app.log" 2>&1 < /dev/null &
  echo $! > "$pids/$app.pid"
  say "started $app (pid $!) on port $port; migrations run at its start-up (TypeORM migrationsRun)"
done

# Wait for every started or reused service to answer /health/ready.
deadline=$((SECONDS + timeout))
for app in "${apps[@]}"; do
  [[ " ${failed[*]} " == *" $app "* ]] && continue
  port=$(port_of "$app")
  until ready "$port"; do
    if ! alive "$app" || [ $SECONDS -ge $deadline ]; then
      if alive "$app"; then say "$app is not ready after ${timeout}s; last log lines:"; else say "$app exited; last log lines:"; rm -f "$pids/$app.pid"; fi
      # this start's lines only: from the last marker on
      sed -n "$(grep -n '^=== ' "$logs/$app.log" | tail -1 | cut -d: -f1),\$p" "$logs/$app.log" | tail -n 40 | sed 's/^/    /'
      failed+=("$app"); break
    fi
    sleep 1
  done
done

echo
if [ ${#apps[@]} -eq 0 ]; then
  echo "No services yet: nothing under apps/ has a project.json and src/main.ts. Infrastructure only."
else
  printf '%-20s %-24s %-36s %s\n' SERVICE URL "OPENAPI DOCS" LOG
  for app in "${apps[@]}"; do
    port=$(port_of "$app")
    if [[ " ${failed[*]} " == *" $app "* ]]; then state="  (NOT READY)"; else state=''; fi
    printf '%-20s %-24s %-36s %s%s\n' "$app" "http://127.0.0.1:${port:-?}" "http://127.0.0.1:${port:-?}$docs_path" "$logs/$app.log" "$state"
  done
  echo "Schema migrations run when each service starts (TypeORM migrationsRun); see its log."
fi
echo
echo "PostgreSQL  $DATABASE_URL  (each service uses its own database civic_<app>)"
echo "Kafka       $KAFKA_BROKERS  (infrastructure mode: ${INFRA_MODE:-?})"
echo "Dev secrets $secrets  (JWT_SECRET signs development tokens)"
echo "Stop        npm run stop   (services, then the infrastructure this command started)"
[ ${#failed[@]} -eq 0 ] || { echo; say "not ready: ${failed[*]}"; exit 1; }

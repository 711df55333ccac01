#!/usr/bin/env bash
# Starts (or attaches to) the infrastructure every run needs: PostgreSQL and Apache Kafka.
#
# Order (docs/adr/0004-infrastructure-fallback.md):
#   1. DATABASE_URL and KAFKA_BROKERS both set      -> attach, start nothing;
#   2. a Docker engine answers                       -> docker compose up postgres + kafka;
#   3. otherwise                                     -> local PostgreSQL on 127.0.0.1:5432 and a
#      single-node KRaft broker from the official jars Maven fetches from Maven Central.
# Idempotent: a second call reuses what runs. Writes the chosen endpoints to .infra.env (ignored
# by git) so the start command, the tests and CI all read the same values.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${CIVIC_STATE_DIR:-$HOME/.cache/civic-platform}
kafka_version=${KAFKA_VERSION:-4.1.1}
kafka_port=${KAFKA_PORT:-9092}
controller_port=$((kafka_port + 1))
pg_url_default=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
say() { echo "[infra] $*"; }

# one database per service (docs/architecture.md "Shape": no service reads another's tables); tests make their own schemas
databases() { echo civic; for d in "$root"/apps/*/; do [ -f "$d/project.json" ] && echo "civic_$(basename "$d" | tr - _)"; done; }

create_databases() { # $1 = admin URL on the server
  local admin=$1 db
  for db in $(databases); do
    if [ "$(psql "$admin" -tAc "select 1 from pg_database where datname='$db'")" != 1 ]; then
      psql "$admin" -qc "create database $db" && say "created database $db"
    fi
  done
}

wait_for() { # $1 = description, $2.. = command; up to 90 s
  local what=$1; shift
  for _ in $(seq 1 180); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  say "gave up waiting for $what"; return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_env() { # $1 = DATABASE_URL (server admin db), $2 = KAFKA_BROKERS, $3 = mode
  cat > "$root/.infra.env" <<ENV
# written by infra/up.sh ($3 mode) on $(date -u +%FT%TZ); sourced by the start and test commands
export DATABASE_URL=$1
export KAFKA_BROKERS=$2
export INFRA_MODE=$3
ENV
  say "DATABASE_URL=$1"; say "KAFKA_BROKERS=$2"; say "wrote .infra.env ($3 mode)"
}

# --- 1. attach -------------------------------------------------------------------------------
if [ -n "${DATABASE_URL:-}" ] && [ -n "${KAFKA_BROKERS:-}" ]; then
  say "attaching to DATABASE_URL and KAFKA_BROKERS from the environment; starting nothing"
  create_databases "$DATABASE_URL"
  write_env "$DATABASE_URL" "$KAFKA_BROKERS" attach
  exit 0
fi

# --- 2. docker -------------------------------------------------------------------------------
# DOCKER_HOST, when set, names the engine; docker-compose v1 and `docker compose` v2 both work
# (infra/compose.sh). Host ports: POSTGRES_HOST_PORT (5432) and KAFKA_HOST_PORT (9092).
if [ "${INFRA_NO_DOCKER:-}" != 1 ] && command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  say "Docker engine found (${DOCKER_HOST:-default socket}): compose up postgres kafka"
  bash "$root/infra/images/local-bases.sh"
  bash "$root/infra/compose.sh" up postgres kafka
  pg_port=${POSTGRES_HOST_PORT:-5432}
  url=postgres://civic:civic@127.0.0.1:$pg_port/civic
  wait_for postgres psql "$url" -c 'select 1'
  create_databases "$url"
  write_env "$url" "127.0.0.1:${KAFKA_HOST_PORT:-9092}" docker
  exit 0
fi

# --- 3. local --------------------------------------------------------------------------------
say "no Docker engine: using the local PostgreSQL server and a local KRaft broker"

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  say "PostgreSQL is not answering on 127.0.0.1:5432; starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start
  wait_for postgres pg_isready -q -h 127.0.0.1 -p 5432
fi
create_databases "$pg_url_default"

kdir=$state/kafka-$kafka_version
if [ ! -f "$kdir/libs/kafka_2.13-$kafka_version.jar" ]; then
  say "fetching org.apache.kafka:kafka_2.13:$kafka_version and its dependencies with Maven into $kdir/libs"
  mvn -q -f "$root/infra/kafka/pom.xml" -Dkafka.version="$kafka_version" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$kdir/libs"
fi

data=$kdir/data-$kafka_port
props=$kdir/server-$kafka_port.properties
pidfile=$kdir/broker-$kafka_port.pid
log=$kdir/broker-$kafka_port.log
sed -e "s#@DATA@#$data#" -e "s#@PORT@#$kafka_port#g" -e "s#@CPORT@#$controller_port#g" \
  "$root/infra/kafka/server.properties.template" > "$props"

java_cmd=(java -Xms256m -Xmx768m -XX:+UseG1GC -Dlog4j2.configurationFile="$root/infra/kafka/log4j2.properties"
          -Dkafka.logs.dir="$kdir/logs" -cp "$kdir/libs/*")

if port_open "$kafka_port"; then
  say "a broker already listens on 127.0.0.1:$kafka_port; reusing it"
else
  if [ ! -f "$data/meta.properties" ]; then
    [ -f "$kdir/cluster-id" ] || "${java_cmd[@]}" kafka.tools.StorageTool random-uuid > "$kdir/cluster-id"
    say "formatting KRaft storage in $data (cluster $(cat "$kdir/cluster-id"))"
    "${java_cmd[@]}" kafka.tools.StorageTool format -t "$(cat "$kdir/cluster-id")" -c "$props" > /dev/null
  fi
  say "starting Kafka $kafka_version (KRaft, broker+controller) on 127.0.0.1:$kafka_port; log $log"
  nohup "${java_cmd[@]}" kafka.Kafka "$props" > "$log" 2>&1 &
  echo $! > "$pidfile"
  wait_for "Kafka on 127.0.0.1:$kafka_port" grep -q "Kafka Server started" "$log" || { tail -30 "$log"; exit 1; }
fi
wait_for "Kafka port" port_open "$kafka_port"
write_env "$pg_url_default" "127.0.0.1:$kafka_port" local

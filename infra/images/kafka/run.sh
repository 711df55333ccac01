#!/bin/bash
# What the official image's /etc/kafka/docker/run does for this project's settings.
set -euo pipefail
props=/opt/kafka/config/runtime/server.properties
: "${CLUSTER_ID:=5L6g3nShT-eMCtK--X86sw}" # the official image's default
: "${KAFKA_LOG_DIRS:=/var/lib/kafka/data}"
export KAFKA_LOG_DIRS
: > "$props"
# KAFKA_FOO_BAR -> foo.bar; as in the official image "__" -> "_" and "___" -> "-"
while IFS='=' read -r name value; do
  case $name in
    KAFKA_HEAP_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_OPTS | KAFKA_LOG4J_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=${name#KAFKA_}
  key=$(echo "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  printf '%s=%s\n' "$key" "$value" >> "$props"
done < <(env)
java=(java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} -XX:+UseG1GC
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/libs/*')
if [ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]; then
  "${java[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$props" --ignore-formatted
fi
exec "${java[@]}" kafka.Kafka "$props"

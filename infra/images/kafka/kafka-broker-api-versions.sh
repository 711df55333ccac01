#!/bin/bash
# As in the official image: kafka-broker-api-versions.sh --bootstrap-server host:port
exec java -Xmx128m -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/libs/*' \
  org.apache.kafka.tools.BrokerApiVersionsCommand "$@"

#!/usr/bin/env bash
# Sourced/run by .ci/run before the tests: starts the project's own Kafka broker
# (jars from Maven Central, KRaft, 127.0.0.1:9092). .ci/run exports KAFKA_BROKERS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash scripts/kafka.sh up

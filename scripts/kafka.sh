#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, broker+controller) for development
# and CI, run from the broker jars fetched from Maven Central. No Docker.
#
#   bash scripts/kafka.sh up       fetch jars (once), format storage (once), start, wait
#   bash scripts/kafka.sh down     stop the broker started by `up`
#   bash scripts/kafka.sh status   exit 0 when the broker answers on 127.0.0.1:9092
#   bash scripts/kafka.sh restart  down + up (data kept)
#   bash scripts/kafka.sh reset    down + delete the data directory
#
# Env: KAFKA_VERSION (default 3.9.1), KAFKA_HOME_DIR (default .cache/kafka),
#      KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_UP_TIMEOUT_SECS (60).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${KAFKA_VERSION:-3.9.1}"
DIR="${KAFKA_HOME_DIR:-$PWD/.cache/kafka}"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
TIMEOUT="${KAFKA_UP_TIMEOUT_SECS:-60}"
LIBS="$DIR/libs"
DATA="$DIR/data"
CONF="$DIR/server.properties"
PIDFILE="$DIR/kafka.pid"
LOG="$DIR/kafka.log"

die() { echo "kafka.sh: $*" >&2; exit 1; }

fetch_jars() {
  if [ -f "$LIBS/.complete-$VERSION" ]; then return; fi
  command -v mvn >/dev/null || die "cannot fetch the broker jars: mvn is not installed"
  echo "kafka.sh: fetching org.apache.kafka:kafka_2.13:$VERSION from Maven Central into $LIBS"
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  local pom="$DIR/pom.xml"
  cat >"$pom" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sluice</groupId>
  <artifactId>kafka-broker-jars</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
EOF
  mvn -q -f "$pom" dependency:copy-dependencies -DoutputDirectory="$LIBS" \
    -DincludeScope=runtime >"$DIR/mvn.log" 2>&1 ||
    { tail -20 "$DIR/mvn.log" >&2; die "mvn could not fetch kafka_2.13:$VERSION (log: $DIR/mvn.log)"; }
  ls "$LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $LIBS after mvn"
  touch "$LIBS/.complete-$VERSION"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$CONF" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA
num.partitions=6
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=24
log.segment.bytes=67108864
EOF
  cat >"$DIR/log4j.properties" <<EOF
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
EOF
}

classpath() { echo "$LIBS/*"; }

java_run() {
  java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$DIR/log4j.properties" -cp "$(classpath)" "$@"
}

format_storage() {
  if [ -f "$DATA/meta.properties" ]; then return; fi
  local id
  id=$(java_run kafka.tools.StorageTool random-uuid)
  java_run kafka.tools.StorageTool format -t "$id" -c "$CONF" >>"$LOG" 2>&1 ||
    { tail -20 "$LOG" >&2; die "storage format failed (log: $LOG)"; }
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

answers() {
  # The broker answers a metadata request (not just an open port).
  java_run org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --list \
    >/dev/null 2>&1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

up() {
  mkdir -p "$DIR"
  command -v java >/dev/null || die "java is not installed (the broker needs a JRE 11+)"
  if running_pid >/dev/null && answers; then
    echo "kafka.sh: broker already up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"
    return
  fi
  if ! running_pid >/dev/null && port_open; then
    die "port $PORT is taken by another process; stop it or set KAFKA_PORT"
  fi
  fetch_jars
  write_config
  format_storage
  if ! running_pid >/dev/null; then
    nohup bash -c "exec java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j.configuration=file:$DIR/log4j.properties -cp '$LIBS/*' kafka.Kafka '$CONF'" \
      >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
  fi
  local deadline=$((SECONDS + TIMEOUT))
  until port_open && answers; do
    running_pid >/dev/null || { tail -30 "$LOG" >&2; die "broker exited during start (log: $LOG)"; }
    [ $SECONDS -lt $deadline ] ||
      { tail -30 "$LOG" >&2; die "broker did not answer on 127.0.0.1:$PORT within ${TIMEOUT}s (log: $LOG)"; }
    sleep 1
  done
  echo "kafka.sh: broker $VERSION up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), log $LOG)"
}

down() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$PIDFILE"
    echo "kafka.sh: broker not running"
    return
  fi
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  rm -f "$PIDFILE"
  echo "kafka.sh: broker stopped"
}

status() {
  if running_pid >/dev/null && port_open; then
    echo "kafka.sh: broker up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"
  elif port_open; then
    echo "kafka.sh: something answers on 127.0.0.1:$PORT (not started by this script)"
  else
    echo "kafka.sh: broker down"
    return 1
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  restart) down && up ;;
  reset) down && rm -rf "$DATA" && echo "kafka.sh: data removed" ;;
  *) echo "usage: bash scripts/kafka.sh up|down|status|restart|reset" >&2; exit 2 ;;
esac

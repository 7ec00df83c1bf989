#!/usr/bin/env bash
# peers.sh JARDIR OUT [extra jvm opts]: the same as `scripts/bench peers` (run-peers.sh untouched, Switchboard as the
# extra hub with the load-test limits lifted), but Switchboard from JARDIR instead of scripts/run's target/.
jardir=$1; out=$2; shift 2
limits="-Dswitchboard.max.connections.per.ip=100000 -Dswitchboard.rate.handshakes.per.second=1000000"
limits="$limits -Dswitchboard.rate.handshakes.burst=1000000 -Dswitchboard.rate.messages.per.second=1000000"
limits="$limits -Dswitchboard.rate.messages.burst=1000000 -Dswitchboard.rate.bytes.per.second=1000000000"
mkdir -p /tmp/peers-h3 && cp -r /work/shared/peers/. /tmp/peers-h3/ 2>/dev/null
cp -rn /tmp/peers/loadgen/node_modules /tmp/peers-h3/loadgen/ 2>/dev/null
cp -rn /tmp/peers/node-ws-hub/node_modules /tmp/peers-h3/node-ws-hub/ 2>/dev/null
[ -x /tmp/peers-h3/gorilla-hub/gorilla-hub ] || cp /tmp/peers/gorilla-hub/gorilla-hub /tmp/peers-h3/gorilla-hub/
cd /work/h3
EXTRA_NAME=switchboard EXTRA_WS_PATH=/ws \
EXTRA_CMD="java $* $limits -Dswitchboard.host=127.0.0.1 -Dswitchboard.port={PORT} -jar $jardir/switchboard.jar" \
EXTRA_PUBLISH_PATH=/api/v1/channels/bench/messages \
EXTRA_SUBSCRIBE_FRAME='{"type":"subscribe","channel":"bench"}' \
EXTRA_PUBLISH_TEMPLATE='{"type":"publish","channel":"bench","data":{{payload}}}' \
OUT="$out" /tmp/peers-h3/run-peers.sh

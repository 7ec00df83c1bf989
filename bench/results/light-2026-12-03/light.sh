#!/usr/bin/env bash
# usage: light.sh OUTDIR [jvm opts...]; env WARM=1 RATE=20 DURATION=10 JAR=...
set -uo pipefail
out=$1; shift
mkdir -p "$out"
JAR=${JAR:-/work/h3/target/switchboard.jar}
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
limits="-Dswitchboard.max.connections.per.ip=100000 -Dswitchboard.rate.handshakes.per.second=1000000 -Dswitchboard.rate.handshakes.burst=1000000 -Dswitchboard.rate.messages.per.second=1000000 -Dswitchboard.rate.messages.burst=1000000 -Dswitchboard.rate.bytes.per.second=1000000000"
cd /work/h3
java "$@" $limits -Dswitchboard.host=127.0.0.1 -Dswitchboard.port=$port -jar $JAR > "$out/hub.log" 2>&1 &
pid=$!
for i in $(seq 150); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
sleep 0.5
args=(--scenario fanout --url ws://127.0.0.1:$port/ws --conns 1000 --rate ${RATE:-20} --duration ${DURATION:-10} --subscribe-frame '{"type":"subscribe","channel":"bench"}' --publish-template '{"type":"publish","channel":"bench","data":{{payload}}}' --server-pid $pid)
if [ "${WARM:-0}" = 1 ]; then timeout 240 /tmp/peers/loadgen/loadgen.sh "${args[@]}" 2>>"$out/loadgen.log" > /dev/null; fi
grep -E 'voluntary' /proc/$pid/status > "$out/ctx-before.txt"
awk '{print "utime",$14,"stime",$15}' /proc/$pid/stat > "$out/cpu-before.txt"
snap() { python3 /tmp/h3/snap.py $pid; }
snap > "$out/snap-before.txt"; jcmd $pid VM.uptime > "$out/uptime-before.txt" 2>&1
if [ "${PERF:-0}" = 1 ]; then (sleep 2; timeout 8 perf record -F 499 -g -p $pid -o "$out/perf.data" >/dev/null 2>&1) & fi
timeout 240 /tmp/peers/loadgen/loadgen.sh "${args[@]}" 2>>"$out/loadgen.log" | tail -1 > "$out/result.json"
awk '{print "utime",$14,"stime",$15}' /proc/$pid/stat > "$out/cpu-after.txt"
snap > "$out/snap-after.txt"; jcmd $pid VM.uptime > "$out/uptime-after.txt" 2>&1
grep -E 'voluntary' /proc/$pid/status > "$out/ctx-after.txt"
for t in /proc/$pid/task/*; do echo "$(cat $t/comm) $(grep -E '^(voluntary|nonvoluntary)' $t/status | tr '\n' ' ') $(awk '{print $14+$15}' $t/stat)"; done > "$out/threads.txt"
${AFTER:-true} $pid
kill $pid; wait $pid 2>/dev/null
python3 -c "
import json,sys;d=json.load(open('$out/result.json'));l=d['latency'];print('$out', 'p50',l['p50_ms'],'p99',l['p99_ms'],'max',l['max_ms'],'cpu',d['server_cpu_pct'],'deliv',d['delivered'],'lost',d['lost'])"
python3 /tmp/h3/snapdiff.py "$out"; paste "$out/cpu-before.txt" "$out/cpu-after.txt"

#!/usr/bin/env bash
# ab.sh NAME ROUNDS "label1|jar1|opts1" "label2|jar2|opts2" ...
name=$1; rounds=$2; shift 2
for r in $(seq $rounds); do
  for v in "$@"; do
    IFS='|' read -r label jar opts <<< "$v"
    echo "== $label round $r load $(cut -d' ' -f1 /proc/loadavg)"
    JAR=$jar WARM=${WARM:-1} /tmp/h3/light.sh /tmp/h3/$name/$label.$r $opts 2>&1 | grep -E "^/tmp|TOTAL|switchboard-sen|grizzly|Compiler"
  done
done

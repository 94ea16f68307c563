#!/bin/bash
# Issue 6 (a): REST ingestion on one of three CRDT peers run as processes (BENCHMARKS.md, "CRDT
# ingestion"). Starts fresh peers a, b, c (scripts/crdt-bench-peers.sh), pins through a's REST API
# with the load tool, waits until every peer holds every pin, and prints each round's pins/s, the
# seconds until each peer held all pins, the peers' CPU per pin (utime+stime from /proc) and the
# load average. Rounds: one warm-up round of WARM_COUNT pins, then ROUNDS rounds of COUNT pins.
#   D=<copy of the distribution> SECRET=<own secret> scripts/crdt-ingest-bench.sh
# Env (defaults): CLIENTS (512), COUNT (30000), WARM_COUNT (20000), ROUNDS (3),
# BATCH_SIZE (1024), BATCH_AGE (50ms), B (/tmp/crdt-ingest).
set -e
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh >/dev/null
export B=${B:-/tmp/crdt-ingest} BATCH_SIZE=${BATCH_SIZE:-1024} BATCH_AGE=${BATCH_AGE:-50ms}
CLIENTS=${CLIENTS:-512}
COUNT=${COUNT:-30000}
WARM_COUNT=${WARM_COUNT:-20000}
ROUNDS=${ROUNDS:-3}
CP='cluster-bench/target/classes:cluster-bench/target/lib/*'

for n in a b c; do
  [ -f "$B/$n.pid" ] && kill "$(cat "$B/$n.pid")" 2>/dev/null || true
done
sleep 2
declare -A api pid
while read -r name p url; do
  api[$name]=$url
  pid[$name]=$p
done < <(scripts/crdt-bench-peers.sh a b c)
trap 'for n in a b c; do kill ${pid[$n]} 2>/dev/null || true; done' EXIT

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
total=0
round() { # round LABEL PINS
  local label=$1 pins=$2 before=() after=()
  for n in a b c; do before+=("$(ticks "${pid[$n]}")"); done
  echo "== $label: $pins pins, $CLIENTS clients, load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" io.ipfscluster.bench.load.LoadTool pin --api "${api[a]}" --clients "$CLIENTS" \
    --count "$pins" --warmup 0 --pid "${pid[a]}" | grep -E '^measured'
  total=$((total + pins))
  python3 scripts/crdt-bench-wait.py "$total" "${api[a]}" "${api[b]}" "${api[c]}" |
    awk '{printf "%s all pins after %s s\n", $1, $5}'
  local i=0 sum=0 line=""
  for n in a b c; do
    after=$(ticks "${pid[$n]}")
    local d=$((after - before[i]))
    sum=$((sum + d))
    line+="$n $(echo "scale=3; $d * 10 / $pins" | bc) "
    i=$((i + 1))
  done
  echo "CPU ms a pin: ${line}sum $(echo "scale=3; $sum * 10 / $pins" | bc)" \
    "(includes the pinset polls of the wait); load $(cut -d' ' -f1-3 /proc/loadavg)"
}

round warm-up "$WARM_COUNT"
for r in $(seq 1 "$ROUNDS"); do round "round $r" "$COUNT"; done
for n in a b c; do
  echo "$n: $(curl -s "${api[$n]}/pins?local=true&filter=pinned" | wc -l) pinned," \
    "$(curl -s "${api[$n]}/pins?local=true&filter=pin_queued,pinning,pin_error" | wc -l) not"
done

#!/bin/bash
# Starts CRDT peers of the built distribution on loopback, for benchmarks (BENCHMARKS.md, "CRDT
# peers as processes"). The first name bootstraps alone (unless JOIN is set); the others join it
# with --bootstrap. Folders, logs and PIDs go to $B/<name>, $B/<name>.log, $B/<name>.pid; it prints
# "<name> <pid> <REST URL>" for each peer.
#   scripts/crdt-bench-peers.sh a b c          # a fresh three-peer cluster
#   JOIN=a scripts/crdt-bench-peers.sh d       # one more peer joining a running a
#   KEEP=1 ...                                 # reuse existing folders (no init)
#   PRE_START='cmd' ...                        # run for each new folder before start, $1 = folder
# D: a copy of the distribution (rebuilding replaces the one under cluster-cli/target).
# BATCH_SIZE/BATCH_AGE: consensus.crdt.batching (default 32 / 10ms). SECRET: the cluster secret
# (set your own so that other benchmark peers on this machine stay out of the cluster).
set -e
D=${D:-/tmp/crdtbench/dist}
B=${B:-/tmp/crdtbench}
BATCH_SIZE=${BATCH_SIZE:-32}
BATCH_AGE=${BATCH_AGE:-10ms}
SECRET=${SECRET:-4f1c2a8e5d7b9036a1c3e5f7092b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a2c4e6b}
mkdir -p $B
for n in "$@"; do
  [ -n "$KEEP" ] && [ -f $B/$n/service.json ] && continue
  rm -rf $B/$n
  env -u IPFS_CLUSTER_PATH $D/bin/ipfs-cluster-service --config $B/$n init --consensus crdt \
    --randomports >/dev/null
  python3 - "$B/$n/service.json" "$n" "$SECRET" "$BATCH_SIZE" "$BATCH_AGE" <<'PY'
import json,sys
p,name,secret,size,age=sys.argv[1:]
c=json.load(open(p))
c["cluster"]["secret"]=secret
c["cluster"]["peername"]=name
l=c["cluster"]["listen_multiaddress"]
l=l[0] if isinstance(l,list) else l
c["cluster"]["listen_multiaddress"]=l.replace("/ip4/0.0.0.0/","/ip4/127.0.0.1/")
c["consensus"]["crdt"]["batching"]={"max_batch_size":int(size),"max_batch_age":age}
json.dump(c,open(p,"w"),indent=2)
PY
  [ -n "$PRE_START" ] && bash -c "$PRE_START" _ $B/$n
done
addr() { python3 -c "import json;c=json.load(open('$B/$1/service.json'));print(c['cluster']['listen_multiaddress']+'/p2p/'+json.load(open('$B/$1/identity.json'))['id'])"; }
start() {
  : > $B/$1.log
  $D/bin/ipfs-cluster-service --config $B/$1 -l warn daemon "${@:2}" > $B/$1.log 2>&1 &
  echo $! > $B/$1.pid
}
names=("$@")
if [ -z "$JOIN" ]; then
  JOIN=${names[0]}
  start $JOIN
  until grep -q "is running" $B/$JOIN.log; do sleep 0.2; done
  names=("${names[@]:1}")
fi
for n in "${names[@]}"; do start $n --bootstrap $(addr $JOIN); done
for n in "${names[@]}"; do until grep -q "is running" $B/$n.log; do sleep 0.2; done; done
for n in "$@"; do
  # the launcher script execs java, so the recorded PID is the JVM's
  echo "$n $(cat $B/$n.pid) http://$(python3 -c "import json;a=json.load(open('$B/$n/service.json'))['api']['restapi']['http_listen_multiaddress'];p=a.split('/');print(p[2]+':'+p[4])")"
done

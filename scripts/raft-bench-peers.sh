#!/bin/bash
# Starts three Raft peers of the built distribution on loopback, for benchmarks (BENCHMARKS.md,
# "Raft peers"): a bootstraps alone, b and c join it with --bootstrap. Folders, logs and PIDs go to
# $B/{a,b,c}, $B/{a,b,c}.log and $B/{a,b,c}.pid; it prints the three REST API addresses.
# D: a copy of the distribution (rebuilding replaces the one under cluster-cli/target).
set -e
D=${D:-/tmp/raftbench/dist}
B=${B:-/tmp/raftbench}
SECRET=4f1c2a8e5d7b9036a1c3e5f7092b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a2c4e6b
for n in a b c; do
  rm -rf $B/$n
  env -u IPFS_CLUSTER_PATH $D/bin/ipfs-cluster-service --config $B/$n init --consensus raft --randomports >/dev/null
  python3 - "$B/$n/service.json" "$n" "$SECRET" <<'PY'
import json,sys
p,name,secret=sys.argv[1:]
c=json.load(open(p))
c["cluster"]["secret"]=secret
c["cluster"]["peername"]=name
l=c["cluster"]["listen_multiaddress"]
l=l[0] if isinstance(l,list) else l
c["cluster"]["listen_multiaddress"]=l.replace("/ip4/0.0.0.0/","/ip4/127.0.0.1/")
json.dump(c,open(p,"w"),indent=2)
PY
done
addr() { python3 -c "import json;c=json.load(open('$B/$1/service.json'));print(c['cluster']['listen_multiaddress']+'/p2p/'+json.load(open('$B/$1/identity.json'))['id'])"; }
$D/bin/ipfs-cluster-service --config $B/a -l warn daemon > $B/a.log 2>&1 &
echo $! > $B/a.pid
until grep -q "is running" $B/a.log; do sleep 0.5; done
for n in b c; do
  $D/bin/ipfs-cluster-service --config $B/$n -l warn daemon --bootstrap $(addr a) > $B/$n.log 2>&1 &
  echo $! > $B/$n.pid
done
rest() { python3 -c "import json;m=json.load(open('$B/$1/service.json'))['api']['restapi']['http_listen_multiaddress'].split('/');print('http://'+m[2]+':'+m[4])"; }
# Ready means the REST API answers and the peer is a Raft member (the join may take a while).
for n in a b c; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' $(rest $n)/id)" = 200 ] &&
    [ "$(curl -s $(rest a)/id | python3 -c 'import json,sys;print(len(json.load(sys.stdin).get("cluster_peers") or []))')" = 3 ]; do
    sleep 0.5
  done
done
for n in a b c; do python3 -c "import json;print(json.load(open('$B/$n/service.json'))['api']['restapi']['http_listen_multiaddress'])"; done

#!/usr/bin/env bash
# Regenerates every test-vector file in cluster-api/src/test/resources/vectors/
# from independent oracles (js-ipfs 0.66.1 + the JS multiformats libraries in
# its dependency tree, and Debian's ipfs_cid). See README.md.
#
# usage: tools/oracles/generate.sh [OUT_DIR]
#   prerequisites (once):  apt-get update && apt-get install -y ipfs-cid
#                          (cd tools/oracles && npm ci --no-audit --no-fund)
#   env: WORK (scratch dir, default /tmp/oracles-work), API_PORT (default 25101),
#        SWARM_PORT (24101), GW_PORT (28181), RPC_PORT (25103)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$ROOT/cluster-api/src/test/resources/vectors}"
WORK="${WORK:-/tmp/oracles-work}"
API_PORT="${API_PORT:-25101}"; SWARM_PORT="${SWARM_PORT:-24101}"
GW_PORT="${GW_PORT:-28181}"; RPC_PORT="${RPC_PORT:-25103}"

command -v ipfs_cid >/dev/null || { echo "ipfs_cid missing: apt-get install -y ipfs-cid" >&2; exit 1; }
[ -d "$HERE/node_modules/ipfs" ] || { echo "run: (cd $HERE && npm ci --no-audit --no-fund)" >&2; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
cd "$HERE"

echo "== inputs"
node lib/inputs.mjs "$WORK/inputs"

echo "== ipfs_cid (Debian ipfs-cid $(dpkg-query -W -f='${Version}' ipfs-cid 2>/dev/null || echo '?'))"
: > "$WORK/ipfs_cid.tsv"
(cd "$WORK/inputs" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) | while read -r rel; do
  printf '%s\t%s\n' "$rel" "$(ipfs_cid "$WORK/inputs/$rel" 2>/dev/null)" >> "$WORK/ipfs_cid.tsv"
done
dpkg-query -W -f='${Version}' ipfs-cid > "$WORK/ipfs_cid.version" 2>/dev/null || echo unknown > "$WORK/ipfs_cid.version"

echo "== library-only vectors (no daemon)"
node gen-multibase.mjs "$OUT"
node gen-multihash.mjs "$OUT"
node gen-multiaddr.mjs "$OUT"
node gen-peerid.mjs "$OUT"

echo "== js-ipfs daemon (offline, 127.0.0.1 only)"
export IPFS_PATH="$WORK/jsipfs-repo"
node node_modules/.bin/jsipfs init --profile test --empty-repo > "$WORK/init.log" 2>&1
node -e '
  const fs = require("fs"); const p = process.argv[1] + "/config"; const c = JSON.parse(fs.readFileSync(p));
  c.Addresses.API = "/ip4/127.0.0.1/tcp/" + process.argv[2];
  c.Addresses.Swarm = ["/ip4/127.0.0.1/tcp/" + process.argv[3]];
  c.Addresses.Gateway = "/ip4/127.0.0.1/tcp/" + process.argv[4];
  c.Addresses.RPC = "/ip4/127.0.0.1/tcp/" + process.argv[5];
  c.Addresses.Delegates = []; c.Bootstrap = [];
  c.Discovery.MDNS.Enabled = false; c.Discovery.webRTCStar.Enabled = false;
  fs.writeFileSync(p, JSON.stringify(c, null, 2));' "$IPFS_PATH" "$API_PORT" "$SWARM_PORT" "$GW_PORT" "$RPC_PORT"
node node_modules/.bin/jsipfs daemon --offline --enable-preload=false > "$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
stop_daemon() {
  if kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill "$DAEMON_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$DAEMON_PID" 2>/dev/null || true
  fi
}
trap stop_daemon EXIT
for i in $(seq 1 120); do
  if curl -sf -m 2 -X POST "http://127.0.0.1:$API_PORT/api/v0/version" > "$WORK/version.json" 2>/dev/null; then break; fi
  kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$WORK/daemon.log" >&2; exit 1; }
  sleep 0.5
done
echo "js-ipfs version: $(cat "$WORK/version.json")"

echo "== CIDs / UnixFS add"
API="http://127.0.0.1:$API_PORT/api/v0" WORK="$WORK" node gen-cids.mjs "$OUT"

stop_daemon
trap - EXIT
echo "== done; files in $OUT:"
wc -l "$OUT"/*.tsv

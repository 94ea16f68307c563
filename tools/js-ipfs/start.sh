#!/usr/bin/env bash
# Starts a js-ipfs 0.66.1 daemon for the connector's integration tests, on loopback only.
# usage: start.sh REPO APIPORT SWARMPORT GATEWAYPORT RPCPORT [jsipfs daemon options, e.g. --offline]
# A fresh REPO is initialised first (test profile, empty, no bootstrap, no MDNS, no delegates).
# The script ends by exec'ing node, so the PID of this script is the PID of the daemon: killing
# it stops the daemon.
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: $0 REPO APIPORT SWARMPORT GATEWAYPORT RPCPORT [daemon options]" >&2
  exit 2
fi
REPO=$(realpath -m "$1"); API=$2; SWARM=$3; GATEWAY=$4; RPC=$5; shift 5
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/jsipfs ]; then
  echo "js-ipfs is not installed: run 'npm ci --no-audit --no-fund' in $(pwd)" >&2
  exit 3
fi
export IPFS_PATH="$REPO"
if [ ! -f "$REPO/config" ]; then
  node node_modules/.bin/jsipfs init --profile test --empty-repo >/dev/null
  node -e '
    const fs = require("fs");
    const [repo, api, swarm, gateway, rpc] = process.argv.slice(1);
    const path = repo + "/config";
    const c = JSON.parse(fs.readFileSync(path));
    c.Addresses.API = "/ip4/127.0.0.1/tcp/" + api;
    c.Addresses.Swarm = ["/ip4/127.0.0.1/tcp/" + swarm];
    c.Addresses.Gateway = "/ip4/127.0.0.1/tcp/" + gateway;
    c.Addresses.RPC = "/ip4/127.0.0.1/tcp/" + rpc;
    c.Addresses.Delegates = [];
    c.Bootstrap = [];
    c.Discovery.MDNS.Enabled = false;
    c.Discovery.webRTCStar.Enabled = false;
    fs.writeFileSync(path, JSON.stringify(c, null, 2));
  ' "$REPO" "$API" "$SWARM" "$GATEWAY" "$RPC"
fi
exec node node_modules/.bin/jsipfs daemon --enable-preload=false "$@"

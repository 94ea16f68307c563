#!/usr/bin/env python3
"""Polls GET /allocations (the pinset, NDJSON) on every REST URL until each holds at least N pins;
prints, per peer, the seconds from the start until it did. Usage: crdt-bench-wait.py N URL...
(BENCHMARKS.md, "CRDT peers as processes")."""
import sys, time, urllib.request

n, urls = int(sys.argv[1]), sys.argv[2:]
t0 = time.monotonic()
done = {}
while len(done) < len(urls):
    for u in urls:
        if u in done:
            continue
        count = 0
        with urllib.request.urlopen(u + "/allocations", timeout=600) as r:
            for line in r:
                if line.strip():
                    count += 1
        if count >= n:
            done[u] = time.monotonic() - t0
            print(f"{u} {count} pins after {done[u]:.2f} s", flush=True)
    if len(done) < len(urls):
        time.sleep(0.1)

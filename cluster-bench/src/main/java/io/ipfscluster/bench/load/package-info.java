/**
 * The cluster-bench load tool ({@code LoadTool}): drives a running peer through its REST API (pin
 * ingestion by concurrent clients, NDJSON streams) and reports rates, latencies and the peer
 * process's memory from {@code /proc}. {@code BENCHMARKS.md}, section "Load tool (issue 4
 * performance)", has the commands and the figures.
 */
package io.ipfscluster.bench.load;

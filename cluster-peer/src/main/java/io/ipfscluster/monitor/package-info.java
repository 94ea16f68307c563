/**
 * The peer monitor (spec §8.3): the metrics every peer publishes about itself on the gossip topic
 * {@code monitor.metrics}, kept per peer and metric name in small windows, checked for expiry every
 * {@code check_interval}, with an {@link io.ipfscluster.api.Alert} raised when a peer's metric
 * expires ({@link io.ipfscluster.monitor.PeerMonitor}, {@link
 * io.ipfscluster.monitor.AlertListener}).
 */
package io.ipfscluster.monitor;

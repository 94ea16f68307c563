/**
 * The cluster's use cases, behind the {@link io.ipfscluster.components.Cluster} interface: pinning
 * ({@link io.ipfscluster.cluster.Pinning}), allocation ({@link io.ipfscluster.cluster.Allocation},
 * ordered by the metrics of {@link io.ipfscluster.cluster.BalancedAllocator}), status and recovery
 * ({@link io.ipfscluster.cluster.Statuses}), adding content ({@link io.ipfscluster.cluster.Adding},
 * with its block streams in {@link io.ipfscluster.cluster.BlockFanout}) and the peer's own
 * information ({@link io.ipfscluster.cluster.PeerCluster} composes them).
 */
package io.ipfscluster.cluster;

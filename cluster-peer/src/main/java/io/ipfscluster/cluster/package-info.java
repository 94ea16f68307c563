/**
 * The cluster's use cases, behind the {@link io.ipfscluster.components.Cluster} interface: pinning
 * ({@link io.ipfscluster.cluster.Pinning}), allocation ({@link io.ipfscluster.cluster.Allocation},
 * ordered by the metrics of {@link io.ipfscluster.cluster.BalancedAllocator}), status and recovery
 * ({@link io.ipfscluster.cluster.Statuses}, merging the peers' answers in {@link
 * io.ipfscluster.cluster.StatusMerge}), garbage collection of the IPFS nodes ({@link
 * io.ipfscluster.cluster.GarbageCollection}), adding content ({@link
 * io.ipfscluster.cluster.Adding}, with its block streams in {@link
 * io.ipfscluster.cluster.BlockFanout}) and the peer's own information ({@link
 * io.ipfscluster.cluster.PeerCluster} composes them).
 */
package io.ipfscluster.cluster;

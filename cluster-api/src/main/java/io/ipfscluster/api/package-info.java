/**
 * The domain types of IPFS Cluster as the v1 API exchanges them: pins and their options, per-peer
 * and cluster-wide pin status, peer identity, metrics and alerts, the results of adding content and
 * of garbage collection, and the query parameters of pin and add requests.
 *
 * <p>Every record is an immutable value whose collections are never null (empty when unset);
 * compact constructors reject invalid values with messages that name the field. Their JSON lives in
 * {@link io.ipfscluster.api.json}.
 */
package io.ipfscluster.api;

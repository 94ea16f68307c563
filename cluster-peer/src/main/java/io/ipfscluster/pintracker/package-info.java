/**
 * The pin tracker: {@link io.ipfscluster.pintracker.StatelessPinTracker} makes this peer's IPFS
 * node pin what the pinset allocates here, through an operation tracker (one operation per CID),
 * bounded priority, pin and unpin queues and their workers, and reports statuses from the
 * operations, the pinset and the IPFS node (spec §8.4).
 */
package io.ipfscluster.pintracker;

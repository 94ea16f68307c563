package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.multiformats.Cid;

/**
 * A node the importer has written: its CID, its cumulative size (the link {@code Tsize} and the
 * {@code size} kubo reports: block bytes plus the Tsizes of its links) and, for file nodes, the
 * number of file bytes below it.
 */
record DagNode(Cid cid, long cumulativeSize, long fileSize) {}

package io.ipfscluster.net.rpc;

/** Who may call an RPC method (spec §1.4), checked against the caller's authenticated peer ID. */
public enum Access {
  /** Only this peer itself. */
  CLOSED,
  /** Trusted peers (and this peer). */
  TRUSTED,
  /** Any peer admitted to the network, that is, any holder of the cluster secret. */
  OPEN
}

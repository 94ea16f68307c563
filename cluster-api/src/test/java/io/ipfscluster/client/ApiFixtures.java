package io.ipfscluster.client;

/**
 * Canned v1 JSON as the original's REST API writes it, shared by the client and CLI tests. Peer
 * {@link #P8} sorts before {@link #P7}.
 */
public final class ApiFixtures {
  private ApiFixtures() {}

  /** Cluster peer "alpha". */
  public static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";

  /** Cluster peer "beta". */
  public static final String P8 = "12D3KooWFBFCDQzAkQSwPZLV883pKdsmb6urQ3sMjfJHUxn5GCVv";

  /** alpha's IPFS node. */
  public static final String I1 = "QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc";

  /** beta's IPFS node. */
  public static final String I2 = "QmUZ13osndQ5uL4tPWHXe3iBgBgq9gfewcBMSCAuMBsDJ6";

  public static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  public static final String CID2 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

  /** {@code GET /id} of alpha, which sees beta. */
  public static final String ID =
      """
      {"id":"P7","addresses":["/ip4/127.0.0.1/tcp/9096/p2p/P7","/ip4/10.0.0.1/tcp/9096/p2p/P7"],\
      "cluster_peers":["P7","P8"],"cluster_peers_addresses":["/ip4/10.0.0.2/tcp/9096/p2p/P8"],\
      "version":"1.1.6","commit":"","rpc_protocol_version":"/ipfscluster/1.1/rpc","error":"",\
      "ipfs":{"id":"I1","addresses":["/ip4/127.0.0.1/tcp/4001","/ip4/10.0.0.1/tcp/4001"],\
      "error":""},"peername":"alpha"}"""
          .transform(ApiFixtures::ids);

  /** A peer of {@code GET /peers} that could not be reached. */
  public static final String ID_UNREACHABLE =
      """
      {"id":"P8","addresses":null,"cluster_peers":null,"cluster_peers_addresses":null,\
      "version":"","commit":"","rpc_protocol_version":"","error":"dial backoff",\
      "ipfs":{"addresses":null,"error":""},"peername":""}"""
          .transform(ApiFixtures::ids);

  /** A peer whose IPFS node is down. */
  public static final String ID_IPFS_DOWN =
      """
      {"id":"P8","addresses":["/ip4/10.0.0.2/tcp/9096/p2p/P8"],"cluster_peers":["P8"],\
      "cluster_peers_addresses":[],"version":"1.1.6","commit":"",\
      "rpc_protocol_version":"/ipfscluster/1.1/rpc","error":"",\
      "ipfs":{"addresses":null,"error":"connection refused"},"peername":"beta"}"""
          .transform(ApiFixtures::ids);

  /** A recursive pin everywhere, named "mypin", as read back from the state. */
  public static final String PIN =
      """
      {"replication_factor_min":-1,"replication_factor_max":-1,"name":"mypin",\
      "mode":"recursive","shard_size":0,"user_allocations":null,\
      "expire_at":"0001-01-01T00:00:00Z","metadata":null,"pin_update":null,"origins":[],\
      "cid":"CID","type":"pin","allocations":[],"max_depth":-1,"reference":null,\
      "timestamp":"2024-05-06T10:11:12Z"}"""
          .transform(ApiFixtures::ids);

  /** A direct pin on two peers, with metadata and an expiry, never timestamped. */
  public static final String PIN_DIRECT =
      """
      {"replication_factor_min":1,"replication_factor_max":2,"name":"",\
      "mode":"direct","shard_size":0,"user_allocations":null,\
      "expire_at":"2030-01-02T03:04:05Z","metadata":{"kind":"text"},"pin_update":null,\
      "origins":[],"cid":"CID2","type":"pin","allocations":["P7","P8"],"max_depth":0,\
      "reference":null,"timestamp":"0001-01-01T00:00:00Z"}"""
          .transform(ApiFixtures::ids);

  /** The status of {@link #CID}: pinned on alpha, failing on beta. */
  public static final String GPI =
      """
      {"cid":"CID","name":"mypin","allocations":[],"origins":[],\
      "created":"2024-05-06T10:11:12Z","metadata":null,"peer_map":{\
      "P8":{"peername":"","status":"pin_error","timestamp":"2024-05-06T10:11:13Z",\
      "error":"context canceled","attempt_count":3,"priority_pin":true},\
      "P7":{"peername":"alpha","ipfs_peer_id":"I1","status":"pinned",\
      "timestamp":"2024-05-06T10:11:12.123456789Z","error":"","attempt_count":0,\
      "priority_pin":false}}}"""
          .transform(ApiFixtures::ids);

  /** The status of {@link #CID2}: unnamed, pinning on alpha, remote on beta. */
  public static final String GPI2 =
      """
      {"cid":"CID2","name":"","allocations":["P7"],"origins":[],\
      "created":"2024-05-06T10:11:12Z","metadata":null,"peer_map":{\
      "P8":{"peername":"beta","status":"remote","timestamp":"2024-05-06T10:11:13Z",\
      "error":"","attempt_count":0,"priority_pin":false},\
      "P7":{"peername":"alpha","status":"pinning","timestamp":"2024-05-06T10:11:12Z",\
      "error":"","attempt_count":1,"priority_pin":false}}}"""
          .transform(ApiFixtures::ids);

  /**
   * {@code GET /monitor/metrics/freespace}: alpha has 12 GB free; the metric expires at
   * 2024-05-06T10:11:42Z.
   */
  public static final String METRICS =
      """
      [{"name":"freespace","peer":"P7","value":"12000000000","expire":1714990302000000000,\
      "valid":true,"weight":12000000000,"partitionable":false,"received_at":1714990272000000000},\
      {"name":"freespace","peer":"P8","value":"0","expire":1714990302000000000,\
      "valid":true,"weight":0,"partitionable":false,"received_at":1714990272000000000}]"""
          .transform(ApiFixtures::ids);

  /** {@code GET /health/alerts}: beta's ping expired at 10:09:12 and triggered at 10:10:12. */
  public static final String ALERTS =
      """
      [{"name":"ping","peer":"P8","value":"","expire":1714990152000000000,"valid":true,\
      "weight":0,"partitionable":false,"received_at":1714990122000000000,\
      "triggered_at":"2024-05-06T10:10:12Z"}]"""
          .transform(ApiFixtures::ids);

  /** {@code POST /ipfs/gc}: alpha removed a block and met an error; beta's IPFS failed. */
  public static final String GC =
      """
      {"peer_map":{"P7":{"peer":"P7","peername":"alpha","keys":[{"key":"CID"},\
      {"key":null,"error":"blockstore: locked"}]},\
      "P8":{"peer":"P8","peername":"","keys":null,"error":"ipfs down"}}}"""
          .transform(ApiFixtures::ids);

  /** {@code GET /health/bandwidth}. */
  public static final String BANDWIDTH =
      """
      {"/ipfscluster/1.1/rpc":{"total_in":1234,"total_out":5678901,"rate_in":12.5,\
      "rate_out":0},"/meshsub/1.1.0":{"total_in":9,"total_out":0,"rate_in":0.125,\
      "rate_out":3}}""";

  /** {@code GET /health/graph}: alpha and beta, each with its IPFS node, all connected. */
  public static final String GRAPH =
      """
      {"cluster_id":"P7","id_to_peername":{"P7":"alpha","P8":"beta"},\
      "ipfs_links":{"I1":["I2"],"I2":["I1"]},"cluster_links":{"P7":["P8"],"P8":["P7"]},\
      "cluster_trust_links":{"P7":true,"P8":false},"cluster_to_ipfs":{"P7":"I1","P8":"I2"}}"""
          .transform(ApiFixtures::ids);

  /** Replaces the placeholders P7, P8, I1, I2, CID2 and CID by the constants. */
  public static String ids(String s) {
    return s.replace("\"P7\"", "\"" + P7 + "\"")
        .replace("\"P8\"", "\"" + P8 + "\"")
        .replace("\"I1\"", "\"" + I1 + "\"")
        .replace("\"I2\"", "\"" + I2 + "\"")
        .replace("\"CID2\"", "\"" + CID2 + "\"")
        .replace("\"CID\"", "\"" + CID + "\"")
        .replace("/p2p/P7", "/p2p/" + P7)
        .replace("/p2p/P8", "/p2p/" + P8);
  }
}

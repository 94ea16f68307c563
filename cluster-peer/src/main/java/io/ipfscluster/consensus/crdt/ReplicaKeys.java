package io.ipfscluster.consensus.crdt;

import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.multiformats.Cid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Where a CRDT replica keeps what, as full keys of the peer's datastore. Everything lives under a
 * <em>generation</em>, so that an import (and later a snapshot install) can write a whole new
 * replica beside the current one and switch to it with one write of {@link #GENERATION_KEY}.
 *
 * <pre>
 * /c/g                          → current generation (4 bytes)
 * /b/{gen} c {cid}              → block bytes                 blocks by CID
 * /b/{gen} d {dot}              → cid                         blocks by dot (per writer, in order)
 * /h/{gen} {cid}                → dot ‖ height                heads
 * /c/r{gen} v {writer}          → seq (8 bytes)               C: version vector (all of 1..seq merged)
 * /c/r{gen} a {dot}             → (empty)                     C: merged dots above the vector
 * /c/r{gen} l {len16 key} {dot} → height ‖ value              L: live elements
 * /c/r{gen} w {key}             → value (PinCodec)            W: winner per key = the pinset
 * /c/r{gen} k {dot} {key}       → remover dot                 K: kills of dots not yet merged
 * /c/r{gen} p {cid}             → dot ‖ height                pending: referenced, not merged
 * /c/r{gen} m {name}            → incarnation, digests, pin count
 * </pre>
 *
 * {gen} is 4 bytes big-endian, dots are 24 bytes ({@link Dot}), keys are CID bytes. Immutable and
 * thread-safe.
 */
final class ReplicaKeys {
  static final byte[] GENERATION_KEY = concat(KeySpace.CRDT_REPLICA.prefixBytes(), bytes("g"));

  static final String META_INCARNATION = "incarnation";
  static final String META_STATE_DIGEST = "digest/state";
  static final String META_LIVE_DIGEST = "digest/live";
  static final String META_PINS = "pins";

  final int generation;
  private final byte[] blocks;
  private final byte[] heads;
  private final byte[] replica;

  ReplicaKeys(int generation) {
    this.generation = generation;
    byte[] gen = ByteBuffer.allocate(4).putInt(generation).array();
    this.blocks = concat(KeySpace.CRDT_BLOCKS.prefixBytes(), gen);
    this.heads = concat(KeySpace.CRDT_HEADS.prefixBytes(), gen);
    this.replica = concat(KeySpace.CRDT_REPLICA.prefixBytes(), bytes("r"), gen);
  }

  /** The prefixes holding everything of this generation. */
  List<byte[]> all() {
    return List.of(blocks.clone(), heads.clone(), replica.clone());
  }

  /** The prefixes holding every CRDT key of every generation, the generation pointer included. */
  static List<byte[]> everything() {
    return List.of(
        KeySpace.CRDT_BLOCKS.prefixBytes(),
        KeySpace.CRDT_HEADS.prefixBytes(),
        KeySpace.CRDT_REPLICA.prefixBytes());
  }

  byte[] block(Cid cid) {
    return concat(blocks, bytes("c"), cid.toBytes());
  }

  byte[] blockByDot(Dot dot) {
    return concat(blocks, bytes("d"), dot.toBytes());
  }

  byte[] blocksByDotPrefix(WriterId writer) {
    return concat(blocks, bytes("d"), writer.toBytes());
  }

  byte[] blocksPrefix() {
    return concat(blocks, bytes("c"));
  }

  byte[] head(Cid cid) {
    return concat(heads, cid.toBytes());
  }

  byte[] headsPrefix() {
    return heads.clone();
  }

  byte[] versionVector(WriterId writer) {
    return concat(replica, bytes("v"), writer.toBytes());
  }

  byte[] versionVectorPrefix() {
    return concat(replica, bytes("v"));
  }

  byte[] above(Dot dot) {
    return concat(replica, bytes("a"), dot.toBytes());
  }

  byte[] abovePrefix() {
    return concat(replica, bytes("a"));
  }

  byte[] abovePrefix(WriterId writer) {
    return concat(replica, bytes("a"), writer.toBytes());
  }

  byte[] live(Cid key, Dot dot) {
    return concat(livePrefix(key), dot.toBytes());
  }

  byte[] livePrefix(Cid key) {
    byte[] length = {(byte) (key.length() >>> 8), (byte) key.length()};
    return concat(replica, bytes("l"), length, key.toBytes());
  }

  byte[] livesPrefix() {
    return concat(replica, bytes("l"));
  }

  byte[] winner(Cid key) {
    return concat(winnersPrefix(), key.toBytes());
  }

  byte[] winnersPrefix() {
    return concat(replica, bytes("w"));
  }

  byte[] kill(Dot dot, Cid key) {
    return concat(killPrefix(dot), key.toBytes());
  }

  byte[] killPrefix(Dot dot) {
    return concat(replica, bytes("k"), dot.toBytes());
  }

  byte[] killsPrefix() {
    return concat(replica, bytes("k"));
  }

  byte[] pending(Cid cid) {
    return concat(pendingPrefix(), cid.toBytes());
  }

  byte[] pendingPrefix() {
    return concat(replica, bytes("p"));
  }

  byte[] meta(String name) {
    return concat(replica, bytes("m"), bytes(name));
  }

  /** The bytes of {@code key} after {@code prefix}. */
  static byte[] suffix(byte[] key, byte[] prefix) {
    return Arrays.copyOfRange(key, prefix.length, key.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

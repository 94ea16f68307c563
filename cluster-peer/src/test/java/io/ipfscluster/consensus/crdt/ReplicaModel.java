package io.ipfscluster.consensus.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CRDT's meaning, computed from scratch from a set of blocks: the test oracle. A replica that
 * merged exactly these blocks, in any order, must hold exactly this state.
 */
final class ReplicaModel {
  /** A live element: key, dot, height and value. */
  record Element(Cid key, Dot dot, long height, byte[] value) {}

  final Map<Cid, DeltaBlock> blocks = new HashMap<>();
  final Set<Dot> dots = new TreeSet<>();
  final Map<String, Element> live = new TreeMap<>(); // "key/dot" → element
  final Map<Cid, byte[]> winners = new TreeMap<>();
  final Set<Cid> heads = new TreeSet<>();
  final Set<Cid> pending = new TreeSet<>();
  final Set<String> kills = new TreeSet<>(); // "dot/key" of removes of unmerged dots

  static ReplicaModel of(Collection<DeltaBlock> merged) {
    ReplicaModel m = new ReplicaModel();
    for (DeltaBlock b : merged) {
      m.blocks.put(b.cid(), b);
      m.dots.add(b.delta().dot());
    }
    Set<String> removed = new HashSet<>();
    Set<Cid> named = new HashSet<>();
    for (DeltaBlock b : merged) {
      for (Delta.Remove r : b.delta().removes()) {
        for (Dot x : r.dots()) {
          removed.add(id(r.key(), x));
          if (!m.dots.contains(x)) {
            m.kills.add(x + "/" + r.key());
          }
        }
      }
      for (BlockRef p : b.delta().parents()) {
        named.add(p.cid());
        if (!m.dots.contains(p.dot())) {
          m.pending.add(p.cid());
        }
      }
    }
    for (DeltaBlock b : merged) {
      Delta d = b.delta();
      for (Delta.Add a : d.adds()) {
        if (!removed.contains(id(a.key(), d.dot()))) {
          m.live.put(id(a.key(), d.dot()), new Element(a.key(), d.dot(), d.height(), a.value()));
        }
      }
      if (!named.contains(b.cid())) {
        m.heads.add(b.cid());
      }
    }
    Map<Cid, Element> best = new HashMap<>();
    for (Element e : m.live.values()) {
      Element cur = best.get(e.key());
      if (cur == null
          || e.height() > cur.height()
          || (e.height() == cur.height() && e.dot().compareTo(cur.dot()) > 0)) {
        best.put(e.key(), e);
      }
    }
    best.forEach((k, e) -> m.winners.put(k, e.value()));
    return m;
  }

  private static String id(Cid key, Dot dot) {
    return key + "/" + dot;
  }

  /** The blocks a replica merged, looked up in {@code pool} by the CIDs it stores. */
  static List<DeltaBlock> mergedBlocks(CrdtReplica replica, Map<Cid, DeltaBlock> pool) {
    List<DeltaBlock> out = new ArrayList<>();
    byte[] prefix = replica.keys().blocksPrefix();
    try (Cursor c = replica.store().iterate(prefix)) {
      while (c.next()) {
        Cid cid = Cid.fromBytes(ReplicaKeys.suffix(c.key(), prefix));
        DeltaBlock b = pool.get(cid);
        out.add(b != null ? b : BlockCodec.decode(cid, c.value()));
      }
    }
    return out;
  }

  /**
   * Checks every invariant of crdt-design §4f on {@code replica}: its state is this model of the
   * blocks it merged (W = max over L, L = adds minus removes, heads, pending, K, causal context),
   * and its digests and pin count equal a full recompute.
   */
  static ReplicaModel check(CrdtReplica replica, Map<Cid, DeltaBlock> pool) {
    ReplicaModel m = of(mergedBlocks(replica, pool));
    ReplicaKeys k = replica.keys();
    Datastore store = replica.store();
    String who = replica.toString();

    Map<Cid, byte[]> w = new TreeMap<>();
    scan(store, k.winnersPrefix(), (key, value) -> w.put(Cid.fromBytes(key), value));
    assertThat(hex(w)).as("W of %s", who).isEqualTo(hex(m.winners));

    Map<String, String> l = new TreeMap<>();
    scan(
        store,
        k.livesPrefix(),
        (key, value) -> {
          int len = (key[0] & 0xFF) << 8 | (key[1] & 0xFF);
          Cid cid = Cid.fromBytes(Arrays.copyOfRange(key, 2, 2 + len));
          Dot dot = Dot.fromBytes(key, 2 + len);
          l.put(id(cid, dot), HexFormat.of().formatHex(value));
        });
    Map<String, String> expectedLive = new TreeMap<>();
    for (Element e : m.live.values()) {
      byte[] hv =
          ByteBuffer.allocate(8 + e.value().length).putLong(e.height()).put(e.value()).array();
      expectedLive.put(id(e.key(), e.dot()), HexFormat.of().formatHex(hv));
    }
    assertThat(l).as("L of %s", who).isEqualTo(expectedLive);

    Set<Cid> heads = new TreeSet<>();
    scan(store, k.headsPrefix(), (key, value) -> heads.add(Cid.fromBytes(key)));
    assertThat(heads).as("heads of %s", who).isEqualTo(m.heads);
    Set<Cid> pending = new TreeSet<>();
    scan(store, k.pendingPrefix(), (key, value) -> pending.add(Cid.fromBytes(key)));
    assertThat(pending).as("pending of %s", who).isEqualTo(m.pending);
    Set<String> kills = new TreeSet<>();
    scan(
        store,
        k.killsPrefix(),
        (key, value) ->
            kills.add(
                Dot.fromBytes(key, 0)
                    + "/"
                    + Cid.fromBytes(Arrays.copyOfRange(key, Dot.BYTES, key.length))));
    assertThat(kills).as("K of %s", who).isEqualTo(m.kills);

    Set<Dot> context = new TreeSet<>();
    replica
        .versionVector()
        .entries()
        .forEach(
            (writer, top) -> {
              for (long s = 1; s <= top; s++) {
                context.add(new Dot(writer, s));
              }
            });
    scan(store, k.abovePrefix(), (key, value) -> context.add(Dot.fromBytes(key, 0)));
    assertThat(context).as("causal context of %s", who).isEqualTo(m.dots);

    LtHash state = new LtHash();
    m.winners.forEach((key, value) -> state.add(Merge.stateElement(key, value)));
    LtHash liveHash = new LtHash();
    for (Element e : m.live.values()) {
      byte[] hv =
          ByteBuffer.allocate(8 + e.value().length).putLong(e.height()).put(e.value()).array();
      liveHash.add(Merge.liveElement(e.key(), e.dot(), hv));
    }
    assertThat(LtHash.fromBytes(store.get(k.meta(ReplicaKeys.META_STATE_DIGEST))))
        .as("state digest of %s", who)
        .isEqualTo(state);
    assertThat(LtHash.fromBytes(store.get(k.meta(ReplicaKeys.META_LIVE_DIGEST))))
        .as("live digest of %s", who)
        .isEqualTo(liveHash);
    assertThat(replica.size()).as("pin count of %s", who).isEqualTo(m.winners.size());
    return m;
  }

  private static Map<Cid, String> hex(Map<Cid, byte[]> map) {
    Map<Cid, String> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
    return out;
  }

  private interface EntryConsumer {
    void accept(byte[] key, byte[] value);
  }

  private static void scan(Datastore store, byte[] prefix, EntryConsumer consumer) {
    try (Cursor c = store.iterate(prefix)) {
      while (c.next()) {
        consumer.accept(ReplicaKeys.suffix(c.key(), prefix), c.value());
      }
    }
  }
}

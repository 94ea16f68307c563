package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.incarnation;
import static io.ipfscluster.consensus.crdt.TestPins.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.datastore.MemoryDatastore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The digests of a fixed history, as the first implementation computed them: peers compare them
 * across versions, so a faster merge must reproduce them bit for bit.
 */
class CrdtDigestTest {
  private static CrdtReplica replica(long seed) {
    MemoryDatastore store = new MemoryDatastore();
    CrdtReplica r = CrdtReplica.open(store, identity(seed));
    store.put(r.keys().meta(ReplicaKeys.META_INCARNATION), incarnation(seed));
    return r;
  }

  private static CrdtReplica.Op put(int i, String name) {
    return new CrdtReplica.Op(cid(i), value(i, name));
  }

  private static CrdtReplica.Op delete(int i) {
    return new CrdtReplica.Op(cid(i), null);
  }

  @Test
  void digests_ofAFixedHistory_areThoseOfTheFirstImplementation() {
    CrdtReplica alice = replica(1);
    CrdtReplica bob = replica(2);
    List<DeltaBlock> fromAlice = new ArrayList<>();
    List<DeltaBlock> fromBob = new ArrayList<>();
    List<CrdtReplica.Op> first = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(put(i, "a" + i));
    }
    fromAlice.addAll(alice.commitLocal(first).blocks());
    fromBob.addAll(bob.commitLocal(List.of(put(3, "b3"), put(50, "b50"), delete(7))).blocks());
    fromAlice.addAll(
        alice.commitLocal(List.of(put(1, "a1'"), delete(2), put(2, "a2'"), delete(5))).blocks());
    bob.mergeRemote(fromAlice);
    alice.mergeRemote(fromBob);
    fromBob.addAll(bob.commitLocal(List.of(put(1, "b1"), delete(50), put(60, "b60"))).blocks());
    alice.mergeRemote(fromBob);

    ReplicaInfo a = alice.info();
    ReplicaInfo b = bob.info();
    assertThat(a.pins()).isEqualTo(40);
    assertThat(b.stateDigest()).isEqualTo(a.stateDigest()).isEqualTo(STATE);
    assertThat(b.crdtDigest()).isEqualTo(a.crdtDigest()).isEqualTo(CRDT);
  }

  private static final String STATE =
      "7e5c59f419f3906469bf5475c19fa8e37eaf66b122d67ec62e62059e01995a22";
  private static final String CRDT =
      "9f4363df780053bcd10b7e699bc9787cbb30665e42288f080bfc3fcd976cb7d1";
}

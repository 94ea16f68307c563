package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CidSetTest {

  @Test
  void add_thenContains_isExactAcrossGrowth() {
    CidSet set = new CidSet();

    IntStream.range(0, 50_000).filter(i -> i % 2 == 0).forEach(i -> set.add(cid(i)));

    assertThat(set.size()).isEqualTo(25_000);
    assertThat(IntStream.range(0, 50_000).filter(i -> set.contains(cid(i)) != (i % 2 == 0)))
        .isEmpty();
  }

  @Test
  void add_duplicate_returnsFalse() {
    CidSet set = new CidSet();

    assertThat(set.add(cid(1))).isTrue();
    assertThat(set.add(cid(1))).isFalse();
    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void cidsOfOneHash_inOtherVersionsOrCodecs_areDifferentMembers() {
    Multihash mh =
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(7).array());
    Cid v0 = Cid.v0(mh);
    Cid dagPb = Cid.v1(Multicodec.DAG_PB, mh);
    Cid long512 = Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_512, new byte[] {1}));
    CidSet set = new CidSet();

    set.add(v0);
    set.add(long512);

    assertThat(set.contains(v0)).isTrue();
    assertThat(set.contains(dagPb)).isFalse();
    assertThat(set.contains(long512)).isTrue();
  }
}

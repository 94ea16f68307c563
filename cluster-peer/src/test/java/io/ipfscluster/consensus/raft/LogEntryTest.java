package io.ipfscluster.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.state.CorruptStateException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEntryTest {
  private static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  @Test
  void decode_ofEncode_keepsTheOperationsInOrder() {
    Pin first = Pin.of(cid(1), PinOptions.defaults().withName("one"));
    Pin again = Pin.of(cid(1), PinOptions.defaults().withName("again"));
    LogEntry entry =
        new LogEntry(
            List.of(LogEntry.Op.pin(first), LogEntry.Op.unpin(cid(2)), LogEntry.Op.pin(again)));

    LogEntry decoded = LogEntry.decode(entry.encode());

    assertThat(decoded.ops()).hasSize(3);
    assertThat(decoded.ops().get(0).decodePin()).isEqualTo(first);
    assertThat(decoded.ops().get(1).cid()).isEqualTo(cid(2));
    assertThat(decoded.ops().get(1).pin()).isNull();
    assertThat(decoded.ops().get(2).decodePin()).isEqualTo(again);
  }

  @Test
  void decode_ofAnEmptyEntry_hasNoOperations() {
    assertThat(LogEntry.decode(new LogEntry(List.of()).encode()).ops()).isEmpty();
  }

  @Test
  void decode_ofTruncatedBytes_isCorrupt() {
    byte[] bytes = new LogEntry(List.of(LogEntry.Op.unpin(cid(3)))).encode();

    assertThatThrownBy(() -> LogEntry.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(CorruptStateException.class)
        .hasMessageContaining("invalid Raft log entry");
  }
}

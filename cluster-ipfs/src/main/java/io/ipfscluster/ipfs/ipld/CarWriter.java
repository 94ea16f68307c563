package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Varint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a CARv1 file: the header with its roots when created, then one section per {@link
 * #write(Block)}. Nothing is buffered beyond what the stream buffers; the caller closes the stream.
 *
 * <p>Not thread-safe.
 */
public final class CarWriter implements BlockSink {
  private final OutputStream out;
  private long bytes;

  /**
   * Writes the header naming {@code roots}.
   *
   * @throws IOException if writing fails
   */
  public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
    this.out = out;
    byte[] header = DagCbor.encode(Map.of("roots", List.copyOf(roots), "version", 1L));
    writeSection(Varint.encode(header.length), header, null);
  }

  /** Appends one block section. */
  public void write(Block block) throws IOException {
    byte[] cid = block.cid().toBytes();
    writeSection(Varint.encode((long) cid.length + block.data().length), cid, block.data());
  }

  /** The same as {@link #write(Block)}, so an importer can write straight into a CAR file. */
  @Override
  public void accept(Block block) throws IOException {
    write(block);
  }

  /** Bytes written so far. */
  public long bytesWritten() {
    return bytes;
  }

  private void writeSection(byte[] length, byte[] first, byte[] second) throws IOException {
    out.write(length);
    out.write(first);
    bytes += length.length + first.length;
    if (second != null) {
      out.write(second);
      bytes += second.length;
    }
  }
}

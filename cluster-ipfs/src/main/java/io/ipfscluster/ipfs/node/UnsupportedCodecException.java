package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;

/**
 * A CID names a codec whose links this node cannot read (it reads dag-pb, raw and dag-cbor), so a
 * DAG through it cannot be pinned, walked or collected safely.
 *
 * <p>Immutable and thread-safe.
 */
public final class UnsupportedCodecException extends NodeException {
  private static final long serialVersionUID = 1L;

  UnsupportedCodecException(Cid cid) {
    super(
        "unsupported codec "
            + Multicodec.ofCode(cid.codec())
                .map(Multicodec::specName)
                .orElse("0x" + Long.toHexString(cid.codec()))
            + " of "
            + cid
            + ": this node reads dag-pb, raw and dag-cbor blocks",
        null);
  }
}

package io.ipfscluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.ipfscluster.multiformats.Cid;
import java.util.Objects;

/**
 * One entry of the IPFS node's pinset: a CID and how it is pinned. Its JSON, {@code {"Cid": …,
 * "Type": …}}, is the shape IPFS itself uses.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cid the pinned CID
 * @param type how IPFS pins it
 */
@JsonPropertyOrder({"Cid", "Type"})
public record IpfsPinInfo(@JsonProperty("Cid") Cid cid, @JsonProperty("Type") IpfsPinStatus type) {

  public IpfsPinInfo {
    Objects.requireNonNull(cid, "Cid");
    type = Objects.requireNonNullElse(type, IpfsPinStatus.BUG);
  }
}

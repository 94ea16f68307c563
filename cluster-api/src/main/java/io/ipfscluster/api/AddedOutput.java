package io.ipfscluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * One line of the {@code POST /add} answer: a file or directory that was added, or (with {@code
 * progress}) how many bytes of a file have been read so far.
 *
 * <p>In JSON {@code bytes}, {@code size} and {@code allocations} are left out when 0 or empty, and
 * {@code cid} is {@code null} on progress lines. Immutable and thread-safe.
 *
 * @param name the path of the file within the added tree
 * @param cid the CID of the added node, or null on progress lines
 * @param bytes the bytes read so far (progress lines), or 0
 * @param size the size of the added node, or 0
 * @param allocations the peers the final root was allocated to (the last line only)
 */
@JsonPropertyOrder({"name", "cid", "bytes", "size", "allocations"})
public record AddedOutput(
    @JsonProperty("name") String name,
    @JsonProperty("cid") Cid cid,
    @JsonProperty("bytes") @JsonInclude(Include.NON_DEFAULT) long bytes,
    @JsonProperty("size") @JsonInclude(Include.NON_DEFAULT) long size,
    @JsonProperty("allocations") @JsonInclude(Include.NON_EMPTY) List<PeerId> allocations) {

  public AddedOutput {
    name = Objects.requireNonNullElse(name, "");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    allocations = allocations == null ? List.of() : List.copyOf(allocations);
  }

  /** A node that was added. */
  public static AddedOutput added(String name, Cid cid, long size) {
    return new AddedOutput(name, Objects.requireNonNull(cid, "cid"), 0, size, List.of());
  }

  /** A progress line: {@code bytes} of {@code name} read so far. */
  public static AddedOutput progress(String name, long bytes) {
    return new AddedOutput(name, null, bytes, 0, List.of());
  }
}

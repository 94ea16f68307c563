package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.net.rpc.wire.CidArg;
import io.ipfscluster.net.rpc.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Converts domain values to and from the RPC messages: records as their v1 JSON, CIDs as bytes.
 * Thread-safe: stateless.
 */
final class Values {
  private Values() {}

  static Json json(Object value) {
    try {
      return Json.newBuilder()
          .setJson(ByteString.copyFrom(ClusterJson.mapper().writeValueAsBytes(value)))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T fromJson(Json message, Class<T> type) {
    try {
      return ClusterJson.mapper().readValue(message.getJson().newInput(), type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "malformed " + type.getSimpleName() + " in an RPC message: " + e.getMessage(), e);
    }
  }

  static CidArg cid(Cid cid) {
    return CidArg.newBuilder().setCid(ByteString.copyFrom(cid.toBytes())).build();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a CID
   */
  static Cid cid(ByteString bytes) {
    return Cid.fromBytes(bytes.toByteArray());
  }
}

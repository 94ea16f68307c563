package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.net.rpc.wire.CidArg;
import io.ipfscluster.net.rpc.wire.Json;
import io.ipfscluster.net.rpc.wire.JsonBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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

  /** Most items in one {@link JsonBatch}. */
  static final int BATCH_ITEMS = 256;

  /** A batch is sent once its items reach this many bytes. */
  static final int BATCH_BYTES = 128 * 1024;

  /**
   * {@code values} in v1 JSON, lazily grouped into batches of at most {@link #BATCH_ITEMS} items
   * and about {@link #BATCH_BYTES} bytes. Closing the result closes {@code values}.
   */
  static <T> Stream<JsonBatch> batches(Stream<T> values) {
    Iterator<T> items = values.iterator();
    Iterator<JsonBatch> batches =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return items.hasNext();
          }

          @Override
          public JsonBatch next() {
            JsonBatch.Builder b = JsonBatch.newBuilder();
            int bytes = 0;
            while (items.hasNext() && b.getItemsCount() < BATCH_ITEMS && bytes < BATCH_BYTES) {
              ByteString json = json(items.next()).getJson();
              b.addItems(json);
              bytes += json.size();
            }
            if (b.getItemsCount() == 0) {
              throw new NoSuchElementException();
            }
            return b.build();
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(batches, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(values::close);
  }

  /** The items of {@code batch}, decoded. */
  static <T> Stream<T> fromBatch(JsonBatch batch, Class<T> type) {
    return batch.getItemsList().stream()
        .map(item -> fromJson(Json.newBuilder().setJson(item).build(), type));
  }
}

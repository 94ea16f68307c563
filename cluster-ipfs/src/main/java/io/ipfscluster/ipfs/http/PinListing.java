package io.ipfscluster.ipfs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.MultiformatException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lists the node's pins of several types as one lazy stream: one streaming {@code
 * pin/ls?stream=true&type=<t>} call per type, opened when the previous one is read to its end, so
 * the listing never sits in memory. Unlike the original, which stops after the first type, every
 * requested type is listed (design §10). {@code all} is one call.
 *
 * <p>Not thread-safe: one instance per listing, read by one thread.
 */
final class PinListing {
  private static final List<String> ORDER = List.of("recursive", "direct", "indirect");

  private final NodeClient client;
  private final CallLimit limit;
  private final List<String> types;

  PinListing(NodeClient client, CallLimit limit, Set<String> requested) {
    this.client = client;
    this.limit = limit;
    for (String t : requested) {
      if (!t.equals("all") && !ORDER.contains(t)) {
        throw new IllegalArgumentException(
            "pin type must be all, recursive, direct or indirect, got \"" + t + "\"");
      }
    }
    if (requested.contains("all")) {
      this.types = List.of("all");
    } else {
      List<String> ts = new ArrayList<>();
      ORDER.stream().filter(requested::contains).forEach(ts::add);
      this.types = List.copyOf(ts);
    }
  }

  Stream<IpfsPinInfo> stream() {
    Cursor cursor = new Cursor();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(cursor::close);
  }

  private final class Cursor implements Iterator<IpfsPinInfo> {
    private int nextType;
    private Exchange current;
    private Iterator<JsonNode> lines;

    @Override
    public boolean hasNext() {
      while (lines == null || !lines.hasNext()) {
        close();
        if (nextType >= types.size()) {
          return false;
        }
        current = client.send("pin/ls?stream=true&type=" + types.get(nextType++), limit);
        lines = current.lines();
      }
      return true;
    }

    @Override
    public IpfsPinInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      JsonNode line = lines.next();
      String text = line.path("Cid").asText("");
      try {
        return new IpfsPinInfo(Cid.parse(text), IpfsPinStatus.parse(line.path("Type").asText("")));
      } catch (MultiformatException e) {
        throw new IpfsException(
            "IPFS error (" + current.path() + "): error decoding ipfs pin: " + e.getMessage(), e);
      }
    }

    void close() {
      if (current != null) {
        current.close();
        current = null;
        lines = null;
      }
    }
  }
}

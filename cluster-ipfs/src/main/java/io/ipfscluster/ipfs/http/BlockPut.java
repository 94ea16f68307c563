package io.ipfscluster.ipfs.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes blocks with {@code block/put}: all blocks that share a CID prefix go in ONE
 * multipart/form-data request, written as the iterator yields them (never all in memory), while the
 * node's NDJSON {@code {Key,Size}} answers are read alongside. The query names the first block's
 * codec and hash ({@code cid-codec}, {@code mhtype}, {@code mhlen}) as the original does; a block
 * with another prefix starts a new request, so that the node hashes every block the way its CID
 * says.
 *
 * <p>Some nodes store one part per request (js-ipfs keeps the last part and answers one line). A
 * connector learns which kind its node is from its first multi-block request ({@link Batching}):
 * until then the blocks not yet acknowledged are kept, up to {@link #PROBE_BYTES} (the request ends
 * early when that is reached). A node that acknowledged fewer blocks than it was sent, but at least
 * one, gets the others again one per request, and so does every later block. Once a node has
 * acknowledged a whole multi-block request, a missing acknowledgement is an error, not a silent
 * loss.
 *
 * <p>Not thread-safe: one instance per {@code blockStream} call.
 */
final class BlockPut {
  private static final Logger log = LoggerFactory.getLogger(IpfsHttpConnector.class);
  private static final byte[] CRLF = {'\r', '\n'};

  /** How many bytes of unacknowledged blocks a request may keep while the node is not known. */
  static final long PROBE_BYTES = 4L << 20;

  private final NodeClient client;
  private final CallLimit limit;
  private final Batching batching;

  BlockPut(NodeClient client, CallLimit limit, Batching batching) {
    this.client = client;
    this.limit = limit;
    this.batching = batching;
  }

  /**
   * How many blocks one {@code block/put} request of a connector's node stores, as learned. Thread-
   * safe.
   */
  static final class Batching {
    private volatile Boolean many; // null: not known yet

    boolean known() {
      return many != null;
    }

    /** True when the node stores one block per request. */
    boolean onePerRequest() {
      return Boolean.FALSE.equals(many);
    }

    void learn(boolean manyPerRequest) {
      many = manyPerRequest;
    }
  }

  /** Writes every block; returns how many were written. */
  long putAll(Iterator<Block> blocks) {
    Peeking it = new Peeking(blocks);
    long total = 0;
    while (it.hasNext()) {
      total += putSamePrefix(it, it.peek().cid());
    }
    return total;
  }

  /** The query the original sends for blocks like {@code first}. */
  static String query(Cid first) {
    String codec =
        Multicodec.ofCode(first.codec())
            .map(Multicodec::specName)
            .orElseThrow(
                () ->
                    new IpfsException(
                        "cannot find name for the blocks' CID codec: "
                            + Long.toHexString(first.codec())));
    Multihash mh = first.multihash();
    String mhType =
        mh.function()
            .map(HashFunction::specName)
            .orElseThrow(
                () ->
                    new IpfsException(
                        "cannot find name for the blocks' Multihash type: "
                            + Long.toHexString(mh.code())));
    // url.Values.Encode() order, as the original writes it
    return "allow-big-block=true&cid-codec="
        + codec
        + "&mhlen="
        + mh.digestLength()
        + "&mhtype="
        + mhType
        + "&pin=false";
  }

  private long putSamePrefix(Peeking it, Cid first) {
    String path = "block/put?" + query(first);
    String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "ipfscluster";
    OutputStreamRequestContent content =
        new OutputStreamRequestContent("multipart/form-data; boundary=" + boundary);
    boolean probing = !batching.known();
    boolean one = batching.onePerRequest();
    Acks acks = new Acks(probing);
    long sent = 0;
    try (Exchange ex = client.send(path, limit, content)) {
      CompletableFuture<Long> answers = new CompletableFuture<>();
      Thread.ofVirtual()
          .name("ipfs-block-put-answers")
          .start(
              () -> {
                try {
                  answers.complete(readAnswers(ex, acks));
                } catch (Throwable t) {
                  answers.completeExceptionally(t);
                }
              });
      IOException writeFailure = null;
      try (OutputStream out = new BufferedOutputStream(content.getOutputStream(), 64 * 1024)) {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        while (it.hasNext()
            && samePrefix(first, it.peek().cid())
            && !(one && sent == 1)
            && !(probing && acks.keptBytes() > PROBE_BYTES)) {
          Block b = it.next();
          acks.sent(b);
          out.write(dash);
          out.write(CRLF);
          out.write(partHeaders(b.cid()));
          out.write(b.data());
          out.write(CRLF);
          sent++;
        }
        out.write(dash);
        out.write(new byte[] {'-', '-', '\r', '\n'});
      } catch (IOException e) {
        writeFailure = e; // the node stopped reading: its answer says why
      } catch (RuntimeException e) {
        ex.abort(new IpfsException("block/put aborted: reading the blocks failed", e));
        throw e;
      }
      long acknowledged = await(answers, path, writeFailure);
      if (probing && sent > 1 && acknowledged > 0) {
        batching.learn(acknowledged >= sent);
        if (acknowledged < sent) {
          log.info(
              "{} the IPFS node stores one block per block/put request: sending them one by one",
              client.logId());
          Peeking again = new Peeking(acks.unacknowledged().iterator());
          while (again.hasNext()) {
            putSamePrefix(again, first);
          }
          return sent;
        }
      }
      if (acknowledged < sent) {
        throw new IpfsException(
            "IPFS error ("
                + path
                + "): the node acknowledged "
                + acknowledged
                + " of "
                + sent
                + " blocks sent in one request");
      }
      return sent;
    }
  }

  private static long await(
      CompletableFuture<Long> answers, String path, IOException writeFailure) {
    try {
      return answers.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path + ")", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IpfsException ie) {
        if (writeFailure != null) {
          ie.addSuppressed(writeFailure);
        }
        throw ie;
      }
      throw new IpfsException("IPFS error (" + path + "): " + e.getCause(), e.getCause());
    }
  }

  private long readAnswers(Exchange ex, Acks acks) {
    long n = 0;
    for (Iterator<JsonNode> lines = ex.lines(); lines.hasNext(); ) {
      JsonNode line = lines.next();
      String key = line.path("Key").asText("");
      Cid cid;
      try {
        cid = Cid.parse(key);
      } catch (RuntimeException e) {
        throw new IpfsException(
            "IPFS error (" + ex.path() + "): the answer has an invalid Key: " + line, e);
      }
      if (!acks.acknowledge(cid.multihash())) {
        log.warn(
            "{} blockPut response CID ({}) does not match the multihash of any blocks sent",
            client.logId(),
            cid);
      }
      n++;
    }
    return n;
  }

  private static boolean samePrefix(Cid a, Cid b) {
    return a.version() == b.version()
        && a.codec() == b.codec()
        && a.multihash().code() == b.multihash().code()
        && a.multihash().digestLength() == b.multihash().digestLength();
  }

  private static byte[] partHeaders(Cid cid) {
    return ("Content-Disposition: form-data; name=\"file\"; filename=\""
            + cid
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The multihashes sent and not yet acknowledged, with their counts, and, when {@code keep}, the
   * blocks themselves.
   */
  private static final class Acks {
    private final boolean keep;
    private final Map<Multihash, Integer> pending = new HashMap<>();
    private final Map<Multihash, Block> kept = new LinkedHashMap<>();
    private long keptBytes;

    Acks(boolean keep) {
      this.keep = keep;
    }

    synchronized void sent(Block b) {
      Multihash mh = b.cid().multihash();
      pending.merge(mh, 1, Integer::sum);
      if (keep && kept.putIfAbsent(mh, b) == null) {
        keptBytes += b.data().length;
      }
    }

    synchronized boolean acknowledge(Multihash mh) {
      Integer n = pending.get(mh);
      if (n == null) {
        return false;
      }
      if (n == 1) {
        pending.remove(mh);
        Block b = kept.remove(mh);
        if (b != null) {
          keptBytes -= b.data().length;
        }
      } else {
        pending.put(mh, n - 1);
      }
      return true;
    }

    synchronized long keptBytes() {
      return keptBytes;
    }

    /** The kept blocks not acknowledged, in the order they were sent. */
    synchronized List<Block> unacknowledged() {
      return new ArrayList<>(kept.values());
    }
  }

  /** An iterator that can show its next element without taking it. */
  private static final class Peeking implements Iterator<Block> {
    private final Iterator<Block> in;
    private Block next;

    Peeking(Iterator<Block> in) {
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      return next != null || in.hasNext();
    }

    Block peek() {
      if (next == null) {
        next = in.next();
      }
      return next;
    }

    @Override
    public Block next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Block b = peek();
      next = null;
      return b;
    }
  }
}

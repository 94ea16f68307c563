package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.ipfs.node.PinKind;
import io.ipfscluster.ipfs.node.Pinner;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The node's pins of several types as one lazy stream, in the order {@code IpfsHttpConnector} lists
 * them (recursive, direct, then indirect; {@code all} is all three). The pinner pushes pins from a
 * virtual thread into a small bounded queue that the reader drains, so the listing never sits in
 * memory; closing the stream stops the producer.
 *
 * <p>Not thread-safe: one instance per listing, read by one thread.
 */
final class PinStream implements Iterator<IpfsPinInfo> {
  private static final int QUEUE = 1024;
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread producer;
  private Object next;
  private boolean ended;

  private PinStream(Pinner pins, Set<PinKind> kinds, String logId) {
    this.producer =
        Thread.ofVirtual()
            .name("ipfs-embedded-pin-ls-" + logId)
            .unstarted(() -> produce(pins, kinds));
  }

  /**
   * Starts listing.
   *
   * @throws IllegalArgumentException for a type other than all, recursive, direct or indirect
   */
  static Stream<IpfsPinInfo> open(Pinner pins, Set<String> types, String logId) {
    Set<PinKind> kinds = EnumSet.noneOf(PinKind.class);
    for (String t : types) {
      switch (t) {
        case "all" -> kinds.addAll(Pinner.allKinds());
        case "recursive" -> kinds.add(PinKind.RECURSIVE);
        case "direct" -> kinds.add(PinKind.DIRECT);
        case "indirect" -> kinds.add(PinKind.INDIRECT);
        default ->
            throw new IllegalArgumentException(
                "pin type must be all, recursive, direct or indirect, got \"" + t + "\"");
      }
    }
    PinStream cursor = new PinStream(pins, kinds, logId);
    cursor.producer.start();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(cursor.producer::interrupt);
  }

  private void produce(Pinner pins, Set<PinKind> kinds) {
    Object last = END;
    try {
      pins.list(
          kinds,
          pin -> {
            try {
              queue.put(new IpfsPinInfo(pin.cid(), EmbeddedNodeConnector.statusOf(pin.kind())));
            } catch (InterruptedException e) {
              throw new Stopped();
            }
          });
    } catch (Stopped | InterruptedException e) {
      return; // the reader closed the stream
    } catch (RuntimeException e) {
      last = Failures.of("pin/ls?stream=true", e, true);
    }
    try {
      queue.put(last);
    } catch (InterruptedException e) {
      // the reader closed the stream
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      producer.interrupt();
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (pin/ls?stream=true)", e);
    }
    if (item == END) {
      ended = true;
      return false;
    }
    if (item instanceof IpfsException failure) {
      ended = true;
      throw failure;
    }
    next = item;
    return true;
  }

  @Override
  public IpfsPinInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    IpfsPinInfo pin = (IpfsPinInfo) next;
    next = null;
    return pin;
  }

  /** Unwinds the pinner's walk when the reader has gone. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }
}

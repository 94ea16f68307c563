package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.ipfscluster.net.rpc.wire.GossipFrame;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of one {@code PubSub.Connect} call, either side of it: frames go out as fast as
 * gRPC's flow control lets them ({@link CallStreamObserver#isReady}); the rest wait in a queue
 * bounded in bytes, drained by the call's on-ready handler, and a frame that does not fit is
 * refused rather than buffered.
 *
 * <p>Thread-safe: every use of the call's observer is made under this object's lock, as gRPC
 * requires of a stream observer. The lock is never held while calling out of the transport.
 */
abstract class GossipStream {
  private static final Logger LOG = LoggerFactory.getLogger(GossipStream.class);

  private final int maxQueuedBytes;
  private final ArrayDeque<GossipFrame> queue = new ArrayDeque<>(); // guarded by this
  private long queuedBytes; // guarded by this
  private boolean ended; // guarded by this

  GossipStream(int maxQueuedBytes) {
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Whether this side dialled the stream. */
  abstract boolean dialled();

  /** The call's outbound observer; set before the stream is used. */
  abstract CallStreamObserver<GossipFrame> out();

  /** Ends the call from this side with {@code status}. Called once, under this object's lock. */
  abstract void terminate(Status status);

  /**
   * Sends {@code frame} now if the call is ready, else queues it if the queue has room for it (an
   * empty queue always has).
   *
   * @return false when the frame was dropped: the stream ended, or the queue is full
   */
  final synchronized boolean offer(byte[] frame) {
    if (ended) {
      return false;
    }
    if (!queue.isEmpty() && queuedBytes + frame.length > maxQueuedBytes) {
      return false;
    }
    GossipFrame message = GossipFrame.newBuilder().setFrame(ByteString.copyFrom(frame)).build();
    if (queue.isEmpty() && out().isReady()) {
      return write(message);
    }
    queue.add(message);
    queuedBytes += frame.length;
    return true;
  }

  /** Sends the empty frame that tells the dialler the stream is accepted, ahead of any other. */
  final synchronized void sendHello() {
    if (!ended) {
      write(GossipFrame.getDefaultInstance());
    }
  }

  /** The on-ready handler: sends what waits, while the call stays ready. */
  final synchronized void drain() {
    while (!ended && !queue.isEmpty() && out().isReady()) {
      GossipFrame message = queue.poll();
      queuedBytes -= message.getFrame().size();
      write(message);
    }
  }

  /** Ends the stream; idempotent. What waits in the queue is dropped. */
  final synchronized void end(Status status) {
    if (ended) {
      return;
    }
    ended = true;
    queue.clear();
    queuedBytes = 0;
    try {
      terminate(status);
    } catch (RuntimeException e) {
      // The call already ended on the other side's initiative; nothing is left to close.
      LOG.debug("ending a gossip stream that gRPC had closed: {}", e.toString());
    }
  }

  /** Bytes waiting in the queue. */
  final synchronized long queuedBytes() {
    return queuedBytes;
  }

  // Holds the lock.
  private boolean write(GossipFrame message) {
    try {
      out().onNext(message);
      return true;
    } catch (RuntimeException e) {
      // gRPC refuses messages on a call that was cancelled meanwhile; the call's own callbacks
      // report its end.
      LOG.debug("a gossip frame was not sent on a closing stream: {}", e.toString());
      return false;
    }
  }
}

package io.ipfscluster.pintracker;

import io.ipfscluster.api.Pin;
import io.ipfscluster.multiformats.Cid;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The operations in flight or failed, at most one per CID (the original's {@code
 * optracker.OperationTracker}). Done operations are dropped; failed ones stay with their error.
 *
 * <p>Thread-safe: the map is concurrent and each replacement is atomic per CID.
 */
final class OperationTracker {
  private final ConcurrentHashMap<Cid, Operation> operations = new ConcurrentHashMap<>();
  private final AtomicLong queuedPins = new AtomicLong();
  private final AtomicLong peakSize = new AtomicLong();
  private final InstantSource clock;

  OperationTracker(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * Tracks a new operation of {@code type} on {@code pin.cid()} in {@code phase} and returns it,
   * unless a live (queued or in-progress) operation of the same type exists: then that one takes
   * {@code pin}'s options and this returns null. Any other operation on the CID is cancelled and
   * replaced; the new one carries its attempt count when the type is the same.
   */
  Operation trackNew(Pin pin, OpType type, Phase phase) {
    Operation[] created = new Operation[1];
    operations.compute(
        pin.cid(),
        (cid, old) -> {
          int attempts = 0;
          if (old != null) {
            if (old.type() == type && old.phase().live()) {
              old.updatePin(pin);
              return old;
            }
            old.cancel();
            attempts = old.type() == type ? old.attempts() : 0;
          }
          created[0] = new Operation(pin, type, phase, attempts, clock.instant(), queuedPins);
          return created[0];
        });
    if (created[0] != null) {
      peakSize.accumulateAndGet(operations.mappingCount(), Math::max);
    }
    return created[0];
  }

  /** The operation on {@code cid}, or null. */
  Operation get(Cid cid) {
    return operations.get(cid);
  }

  /** Drops {@code op} if it is still the operation of its CID. */
  void clean(Operation op) {
    operations.remove(op.cid(), op);
  }

  /** The operations now tracked, weakly consistent: no copy is made. */
  Stream<Operation> all() {
    return operations.values().stream();
  }

  /** The most operations tracked at once so far. */
  long peakSize() {
    return peakSize.get();
  }

  /** How many pin operations wait in a queue. */
  long queuedPins() {
    return queuedPins.get();
  }
}

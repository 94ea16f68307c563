package io.ipfscluster.pintracker;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.multiformats.Cid;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** An in-memory pinset in CID order, as the datastore state lists it; counts open listings. */
final class MemoryPinset implements PinsetView {
  private final ConcurrentSkipListMap<Cid, Pin> pins = new ConcurrentSkipListMap<>();
  final AtomicInteger openListings = new AtomicInteger();
  private volatile boolean broken;

  void add(Pin pin) {
    pins.put(pin.cid(), pin);
  }

  void remove(Cid cid) {
    pins.remove(cid);
  }

  /** Reads fail from now on, as a corrupt or closed store's do. */
  void breakReads() {
    broken = true;
  }

  private void check() {
    if (broken) {
      throw new IllegalStateException("datastore closed");
    }
  }

  @Override
  public Optional<Pin> get(Cid cid) {
    check();
    return Optional.ofNullable(pins.get(cid));
  }

  @Override
  public boolean has(Cid cid) {
    check();
    return pins.containsKey(cid);
  }

  @Override
  public Stream<Pin> list(int typeMask) {
    check();
    openListings.incrementAndGet();
    return pins.values().stream()
        .filter(p -> p.type().matches(typeMask))
        .onClose(openListings::decrementAndGet);
  }
}

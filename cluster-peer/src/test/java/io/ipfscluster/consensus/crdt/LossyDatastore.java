package io.ipfscluster.consensus.crdt;

import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.DatastoreException;
import io.ipfscluster.datastore.MemoryDatastore;
import java.util.ArrayList;
import java.util.List;

/**
 * A datastore that models a crash: it remembers which writes were synced, and {@link #crashImage()}
 * returns what a disk would hold after the machine lost power at that moment (synced writes, and
 * unsynced ones only if a later synced write followed them, as a write-ahead log does). It can also
 * fail upcoming batch commits, applying nothing.
 *
 * <p>Thread-safe.
 */
final class LossyDatastore implements Datastore {
  private final MemoryDatastore visible = new MemoryDatastore();
  private final MemoryDatastore durable = new MemoryDatastore();
  private final List<List<Op>> unsynced = new ArrayList<>();
  private int failures;

  private sealed interface Op {
    record Put(byte[] key, byte[] value) implements Op {}

    record Delete(byte[] key) implements Op {}

    record DeletePrefix(byte[] prefix) implements Op {}
  }

  /** Makes the next {@code n} batch commits throw without applying anything. */
  synchronized void failNextCommits(int n) {
    failures = n;
  }

  /** A new store holding what survives a crash now. */
  synchronized MemoryDatastore crashImage() {
    MemoryDatastore image = new MemoryDatastore();
    try (Cursor c = durable.iterate(new byte[0]);
        Batch b = image.newBatch()) {
      while (c.next()) {
        b.put(c.key(), c.value());
      }
      b.commit(true);
    }
    return image;
  }

  private synchronized void apply(List<Op> ops, boolean sync) {
    applyTo(visible, ops);
    if (sync) {
      for (List<Op> earlier : unsynced) {
        applyTo(durable, earlier);
      }
      unsynced.clear();
      applyTo(durable, ops);
    } else {
      unsynced.add(ops);
    }
  }

  private static void applyTo(MemoryDatastore store, List<Op> ops) {
    try (Batch b = store.newBatch()) {
      for (Op op : ops) {
        switch (op) {
          case Op.Put p -> b.put(p.key(), p.value());
          case Op.Delete d -> b.delete(d.key());
          case Op.DeletePrefix d -> b.deletePrefix(d.prefix());
        }
      }
      b.commit(true);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    return visible.get(key);
  }

  @Override
  public boolean has(byte[] key) {
    return visible.has(key);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    apply(List.of(new Op.Put(key.clone(), value.clone())), true);
  }

  @Override
  public void delete(byte[] key) {
    apply(List.of(new Op.Delete(key.clone())), true);
  }

  @Override
  public void deletePrefix(byte[] prefix) {
    apply(List.of(new Op.DeletePrefix(prefix.clone())), true);
  }

  @Override
  public Batch newBatch() {
    return new Batch() {
      private final List<Op> ops = new ArrayList<>();

      @Override
      public Batch put(byte[] key, byte[] value) {
        ops.add(new Op.Put(key.clone(), value.clone()));
        return this;
      }

      @Override
      public Batch delete(byte[] key) {
        ops.add(new Op.Delete(key.clone()));
        return this;
      }

      @Override
      public Batch deletePrefix(byte[] prefix) {
        ops.add(new Op.DeletePrefix(prefix.clone()));
        return this;
      }

      @Override
      public int size() {
        return ops.size();
      }

      @Override
      public void commit(boolean sync) {
        synchronized (LossyDatastore.this) {
          if (failures > 0) {
            failures--;
            throw new DatastoreException("injected failure: disk full", null);
          }
          apply(List.copyOf(ops), sync);
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Cursor iterate(byte[] prefix, byte[] after) {
    return visible.iterate(prefix, after);
  }

  @Override
  public long approximateSizeBytes(byte[] prefix) {
    return visible.approximateSizeBytes(prefix);
  }

  @Override
  public void compact() {}

  @Override
  public void close() {
    visible.close();
    durable.close();
  }
}
